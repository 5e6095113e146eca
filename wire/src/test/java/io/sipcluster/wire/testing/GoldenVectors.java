package io.sipcluster.wire.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BIN packets captured from OpenSIPS 3.6.8 nodes (see {@code tools/derive-vector-expectations.py}) and the
 * field values recorded for each, loaded from the test class path.
 */
public final class GoldenVectors {
    private static final String DIR = "/vectors/opensips/";

    /** One expected field: {@code section} is header, body, chunk (inside a SYNC chunk) or trailer. */
    public record Field(String section, String name, String value) {}

    public record Vector(String file, byte[] bytes, List<Field> fields) {
        public String header(String name) {
            return fields.stream().filter(f -> f.section.equals("header") && f.name.equals(name))
                    .map(Field::value).findFirst().orElseThrow();
        }

        public List<Field> section(String section) {
            return fields.stream().filter(f -> f.section.equals(section)).toList();
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private static List<Vector> all;

    private GoldenVectors() {}

    public static synchronized List<Vector> all() {
        if (all == null) {
            all = load();
        }
        return all;
    }

    private static List<Vector> load() {
        Map<String, List<Field>> byFile = new LinkedHashMap<>();
        for (String line : read("expected-fields.tsv").split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split("\t", -1);
            byFile.computeIfAbsent(p[0], k -> new ArrayList<>()).add(new Field(p[1], p[2], unescape(p[3])));
        }
        List<Vector> out = new ArrayList<>();
        byFile.forEach((file, fields) -> out.add(new Vector(file, bytes(file), List.copyOf(fields))));
        return List.copyOf(out);
    }

    public static byte[] bytes(String file) {
        try (InputStream in = GoldenVectors.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + DIR + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
