package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.BinUrl;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Typed reading of one YAML mapping, recording a problem for every missing, mistyped or unknown key instead of
 * stopping at the first. A getter whose value is wrong returns null (required values) or the default (optional
 * ones), so the caller keeps going and finds the other problems.
 *
 * <p>When the value is not a mapping at all, that one problem is recorded and the getters stay silent: "must be
 * a mapping" says it all, and ten "missing key" lines after it would only hide it.
 */
final class Fields {
    private final YamlNode.Mapping mapping;
    private final String path;
    private final int line;
    private final Problems problems;

    private Fields(YamlNode.Mapping mapping, String path, int line, Problems problems) {
        this.mapping = mapping;
        this.path = path;
        this.line = line;
        this.problems = problems;
    }

    /** Reads {@code node} as a mapping whose keys must be among {@code allowed}. */
    static Fields of(YamlNode node, String path, Problems problems, Collection<String> allowed) {
        if (!(node instanceof YamlNode.Mapping m)) {
            if (!alreadyReported(node)) {
                problems.add(path, node, "must be a mapping (key: value lines), got " + node.kind());
            }
            return new Fields(null, path, node.line(), problems);
        }
        for (String key : m.entries().keySet()) {
            if (!allowed.contains(key)) {
                problems.add(Problems.child(path, key), m.keyLines().get(key), unknownKeyMessage(key, allowed));
            }
        }
        return new Fields(m, path, m.line(), problems);
    }

    static Fields of(YamlNode node, String path, Problems problems, String... allowed) {
        return of(node, path, problems, Set.of(allowed));
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    String path(String key) {
        return Problems.child(path, key);
    }

    boolean has(String key) {
        return mapping != null && mapping.entries().containsKey(key);
    }

    /** The raw value, or null when absent. */
    YamlNode node(String key) {
        return mapping == null ? null : mapping.entries().get(key);
    }

    /** The line of the key's value, or of the mapping when the key is absent. */
    int line(String key) {
        YamlNode n = node(key);
        return n == null ? line : n.line();
    }

    void problem(String key, String message) {
        problems.add(key == null ? path : path(key), key == null ? line : line(key), message);
    }

    Integer requiredInt(String key, long min, long max) {
        if (!has(key)) {
            missing(key);
            return null;
        }
        return intValue(node(key), path(key), min, max, problems);
    }

    int optionalInt(String key, int defaultValue, long min, long max) {
        if (!has(key)) {
            return defaultValue;
        }
        Integer v = intValue(node(key), path(key), min, max, problems);
        return v == null ? defaultValue : v;
    }

    String requiredString(String key) {
        if (!has(key)) {
            missing(key);
            return null;
        }
        return stringValue(node(key), path(key), problems);
    }

    /** The string, or null when absent or wrong. */
    String optionalString(String key) {
        return has(key) ? stringValue(node(key), path(key), problems) : null;
    }

    boolean optionalBoolean(String key, boolean defaultValue) {
        YamlNode n = node(key);
        if (n == null) {
            return defaultValue;
        }
        if (n instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.BOOLEAN) {
            return s.truth();
        }
        if (alreadyReported(n)) {
            return defaultValue;
        }
        problems.add(path(key), n, "must be true or false, got " + n.kind());
        return defaultValue;
    }

    Duration optionalDuration(String key, Duration defaultValue, Duration min) {
        if (!has(key)) {
            return defaultValue;
        }
        Duration d = durationValue(node(key), path(key), problems);
        if (d != null && d.compareTo(min) < 0) {
            problems.add(path(key), node(key), "must be at least " + Durations.format(min) + ", got " + Durations.format(d));
            return defaultValue;
        }
        return d == null ? defaultValue : d;
    }

    BinUrl requiredBinUrl(String key) {
        String text = requiredString(key);
        return text == null ? null : binUrlValue(text, node(key), path(key), problems);
    }

    /** A file path, relative ones taken from {@code baseDir} (the node file's folder); null when absent or wrong. */
    Path optionalPath(String key, Path baseDir) {
        String text = optionalString(key);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            problems.add(path(key), node(key), "must be a file path, got an empty string");
            return null;
        }
        return baseDir.resolve(text).normalize();
    }

    /** The items of a list, empty when absent; a value that is not a list is a problem. */
    List<YamlNode> optionalList(String key) {
        YamlNode n = node(key);
        if (n == null || isNull(n)) {
            return List.of();
        }
        if (n instanceof YamlNode.Sequence s) {
            return s.items();
        }
        if (!alreadyReported(n)) {
            problems.add(path(key), n, "must be a list, got " + n.kind());
        }
        return List.of();
    }

    /** A key that must not be there in this context, with the reason. */
    void forbid(String key, String reason) {
        if (has(key)) {
            problems.add(path(key), mapping.keyLines().get(key), "not allowed here: " + reason);
        }
    }

    private void missing(String key) {
        if (mapping != null) {
            problems.add(path(key), line, "is required");
        }
    }

    static boolean isNull(YamlNode n) {
        return n instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.NULL;
    }

    /** A value already reported as wrong while parsing; reading it again must stay silent. */
    static boolean alreadyReported(YamlNode n) {
        return n instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.REPORTED;
    }

    static Integer intValue(YamlNode n, String path, long min, long max, Problems problems) {
        if (alreadyReported(n)) {
            return null;
        }
        if (!(n instanceof YamlNode.Scalar s) || s.type() != YamlNode.Scalar.Type.INTEGER) {
            problems.add(path, n, "must be an integer, got " + n.kind());
            return null;
        }
        BigInteger v = s.integer();
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(path, n, rangeMessage(min, max) + ", got " + v);
            return null;
        }
        return v.intValue();
    }

    static String stringValue(YamlNode n, String path, Problems problems) {
        if (alreadyReported(n)) {
            return null;
        }
        if (n instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.STRING) {
            return s.text();
        }
        String hint = n instanceof YamlNode.Scalar ? " (put it in quotes if it is meant as text)" : "";
        problems.add(path, n, "must be a string, got " + n.kind() + hint);
        return null;
    }

    static Duration durationValue(YamlNode n, String path, Problems problems) {
        if (alreadyReported(n)) {
            return null;
        }
        if (!(n instanceof YamlNode.Scalar s) || s.type() != YamlNode.Scalar.Type.STRING) {
            String hint = n instanceof YamlNode.Scalar sc && sc.type() == YamlNode.Scalar.Type.INTEGER
                    ? " (add a unit: " + sc.text() + "ms or " + sc.text() + "s)" : "";
            problems.add(path, n, "must be a duration such as 1500ms, 4s or 1m, got " + n.kind() + hint);
            return null;
        }
        try {
            return Durations.parse(s.text());
        } catch (IllegalArgumentException e) {
            problems.add(path, n, e.getMessage());
            return null;
        }
    }

    static BinUrl binUrlValue(String text, YamlNode at, String path, Problems problems) {
        try {
            return BinUrl.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(path, at, e.getMessage() + ", got '" + text + "'");
            return null;
        }
    }

    private static String rangeMessage(long min, long max) {
        if (max == Integer.MAX_VALUE) {
            return min == 1 ? "must be > 0" : "must be >= " + min;
        }
        return "must be " + min + "-" + max;
    }

    private static String unknownKeyMessage(String key, Collection<String> allowed) {
        String near = null;
        for (String candidate : allowed) {
            if (editDistance(key, candidate) <= 2 && (near == null || editDistance(key, candidate) < editDistance(key, near))) {
                near = candidate;
            }
        }
        if (near != null) {
            return "unknown key; did you mean '" + near + "'?";
        }
        return "unknown key; expected one of " + String.join(", ", allowed.stream().sorted().toList());
    }

    /** Levenshtein distance, for "did you mean" on misspelt keys. */
    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitution, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
