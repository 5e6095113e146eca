package io.sipcluster.wire.dialog;

import io.sipcluster.wire.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text OpenSIPS packs a dialog's values and profiles into ({@code dlg_db_handler.c}): entries
 * {@code name#T#value|}, where T is 1 for a string and 2 for an integer, and {@code |}, {@code #} and {@code \} are
 * escaped with a backslash. A profile entry's name carries {@code /b} when the profile is replicated over BIN, and
 * its value is empty for a profile without values.
 */
public final class DialogPairs {
    /** One entry: {@code type} 1 string, 2 integer. */
    public record Pair(String name, int type, String value) {}

    /** At most this many entries are read from one text: it comes from the network. */
    public static final int MAX_PAIRS = 256;

    private DialogPairs() {}

    public static String write(List<Pair> pairs) {
        StringBuilder b = new StringBuilder();
        for (Pair p : pairs) {
            escape(p.name(), b);
            b.append('#').append((char) ('0' + p.type())).append('#');
            escape(p.value(), b);
            b.append('|');
        }
        return b.toString();
    }

    private static void escape(String s, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '|' || c == '#' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
    }

    /** Reads every entry; a malformed text is refused whole. */
    public static List<Pair> read(String text) throws MalformedPacketException {
        List<Pair> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (out.size() >= MAX_PAIRS) {
                throw new MalformedPacketException("pairs", "more than " + MAX_PAIRS + " entries");
            }
            StringBuilder name = new StringBuilder();
            i = unescapeUntilHash(text, i, name);
            if (i >= n || text.charAt(i) != '#') {
                throw new MalformedPacketException("pairs", "entry without '#'");
            }
            if (i + 2 >= n || text.charAt(i + 2) != '#') {
                throw new MalformedPacketException("pairs", "entry without a type");
            }
            char t = text.charAt(i + 1);
            if (t != '1' && t != '2') {
                throw new MalformedPacketException("pairs", "type must be 1 or 2, got '" + t + "'");
            }
            i += 3;
            StringBuilder value = new StringBuilder();
            while (i < n && text.charAt(i) != '|') {
                char c = text.charAt(i);
                if (c == '#') {
                    throw new MalformedPacketException("pairs", "unescaped '#' in a value");
                }
                if (c == '\\' && i + 1 < n) {
                    i++;
                }
                value.append(text.charAt(i));
                i++;
            }
            if (i >= n) {
                throw new MalformedPacketException("pairs", "entry without the closing '|'");
            }
            i++;
            out.add(new Pair(name.toString(), t - '0', value.toString()));
        }
        return out;
    }

    private static int unescapeUntilHash(String text, int i, StringBuilder into) throws MalformedPacketException {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#') {
                return i;
            }
            if (c == '|') {
                throw new MalformedPacketException("pairs", "entry name ends with '|'");
            }
            if (c == '\\' && i + 1 < text.length()) {
                i++;
            }
            into.append(text.charAt(i));
            i++;
        }
        return i;
    }
}
