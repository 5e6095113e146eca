package io.sipcluster.provisioning.config;

import io.sipcluster.provisioning.Problem;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one node file, so that all of them are reported together. */
final class Problems {
    private final List<Problem> found = new ArrayList<>();

    void add(String path, int line, String message) {
        found.add(new Problem(path, line, message));
    }

    void add(String path, YamlNode at, String message) {
        add(path, at.line(), message);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    int count() {
        return found.size();
    }

    void throwIfAny(String source) {
        if (!found.isEmpty()) {
            throw new InvalidConfigException(source, found);
        }
    }

    /** {@code parent.key}, or {@code key} at the top. */
    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
