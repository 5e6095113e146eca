package io.sipcluster.provisioning;

import java.util.Objects;

/**
 * A password or token. It prints as {@code ***}, so a configuration record can be logged or shown in a test
 * failure without leaking it.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    /** The secret itself, for the one place that needs it (a JDBC connection, a token comparison). */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "***";
    }
}
