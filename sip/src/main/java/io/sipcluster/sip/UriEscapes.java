package io.sipcluster.sip;

/**
 * The %-escapes of SIP URIs, compared the way RFC 3261 §19.1.4 says: a character outside the {@code reserved} set
 * is equivalent to its escaped form ({@code %61lice} is {@code alice}), a reserved one is not ({@code %40} is not
 * {@code @}), and the hex digits of an escape compare in any case. Unescaping is never recursive: {@code %2541} is
 * {@code %41}, not {@code A} (RFC 4475 §3.1.1.3).
 *
 * <p>Each position of a component is read as a "unit": the byte value of a literal or of an escaped unreserved
 * character, or {@code 0x100 | value} for an escaped reserved character, which therefore equals no literal.
 */
final class UriEscapes {
    private static final int ESCAPED_RESERVED = 0x100;

    private UriEscapes() {}

    /** Whether two components are equivalent; {@code ignoreCase} folds ASCII letters (hosts, parameters). */
    static boolean equivalent(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo, boolean ignoreCase) {
        int i = aFrom;
        int j = bFrom;
        while (i < aTo && j < bTo) {
            int ua = unit(a, i, aTo);
            int ub = unit(b, j, bTo);
            if (ignoreCase) {
                ua = Chars.toLower(ua);
                ub = Chars.toLower(ub);
            }
            if (ua != ub) {
                return false;
            }
            i += width(a, i, aTo);
            j += width(b, j, bTo);
        }
        return i == aTo && j == bTo;
    }

    /** Whether a component is equivalent, ignoring ASCII case, to a name given as plain text (no escapes). */
    static boolean equivalentToPlain(byte[] b, int from, int to, String plain) {
        int i = from;
        int k = 0;
        while (i < to && k < plain.length()) {
            if (Chars.toLower(unit(b, i, to)) != Chars.toLower(plain.charAt(k))) {
                return false;
            }
            i += width(b, i, to);
            k++;
        }
        return i == to && k == plain.length();
    }

    /**
     * A canonical spelling of a component, equal for equivalent components: escapes of unreserved characters are
     * resolved, other escapes and non-printing bytes are written {@code %XX} in upper case.
     */
    static void appendCanonical(StringBuilder out, byte[] b, int from, int to, boolean lowerCase) {
        int i = from;
        while (i < to) {
            int u = unit(b, i, to);
            i += width(b, i, to);
            int value = u & 0xFF;
            boolean printable = u < ESCAPED_RESERVED && (Chars.is(value, Chars.UNRESERVED)
                    || Chars.is(value, Chars.RESERVED));
            if (printable) {
                out.append((char) (lowerCase ? Chars.toLower(value) : value));
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(value >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(value & 0xF, 16)));
            }
        }
    }

    /** The bytes of a component with every escape resolved, for display; lossless, one char per byte. */
    static String decode(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            s.append((char) (unit(b, i, to) & 0xFF));
            i += width(b, i, to);
        }
        return s.toString();
    }

    private static int unit(byte[] b, int i, int to) {
        if (isEscape(b, i, to)) {
            int value = Chars.hexValue(b[i + 1]) << 4 | Chars.hexValue(b[i + 2]);
            return Chars.is(value, Chars.RESERVED) ? ESCAPED_RESERVED | value : value;
        }
        return b[i] & 0xFF;
    }

    private static int width(byte[] b, int i, int to) {
        return isEscape(b, i, to) ? 3 : 1;
    }

    /** Whether {@code [i, i + 3)} is a well-formed escape. */
    static boolean isEscape(byte[] b, int i, int to) {
        return i + 2 < to && b[i] == '%' && Chars.hexValue(b[i + 1]) >= 0 && Chars.hexValue(b[i + 2]) >= 0;
    }
}
