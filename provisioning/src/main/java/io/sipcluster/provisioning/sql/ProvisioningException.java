package io.sipcluster.provisioning.sql;

import io.sipcluster.provisioning.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code clusterer} table cannot be used: the database is unreachable or failed (the cause says how), the
 * schema is missing or of another version, or the rows give this node no valid setup (the problems say which).
 */
public final class ProvisioningException extends RuntimeException {
    private final transient List<Problem> problems;

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    public ProvisioningException(List<Problem> problems) {
        super(problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n",
                "the clusterer table gives this node no usable setup:\n", "")));
        this.problems = List.copyOf(problems);
    }

    /** What is wrong with the table's contents; empty when the database itself failed. */
    public List<Problem> problems() {
        return problems;
    }
}
