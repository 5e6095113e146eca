package io.sipcluster.sip;

/**
 * Character classes of the RFC 3261 grammar (§25.1), one bit per class in a table indexed by byte value.
 *
 * <p>A class never contains CR, LF or a byte above 0x7E, so a scan that stops at the first byte outside a class
 * also stops at the end of a line and at non-ASCII bytes.
 */
final class Chars {
    /** {@code token}: alphanum and {@code -.!%*_+`'~}; methods, header names, parameter names, tags, branches. */
    static final int TOKEN = 1;
    /** {@code word}: token characters plus {@code ()<>:\"/[]?{}}; the halves of a Call-ID. */
    static final int WORD = 1 << 1;
    /** {@code unreserved}: alphanum and the marks {@code -_.!~*'()}. */
    static final int UNRESERVED = 1 << 2;
    /** SIP URI {@code user}: unreserved plus {@code &=+$,;?/} (escapes are handled apart). */
    static final int USER = 1 << 3;
    /** SIP URI {@code password}: unreserved plus {@code &=+$,}. */
    static final int PASSWORD = 1 << 4;
    /** SIP URI {@code paramchar}: unreserved plus {@code []/:&+$}. */
    static final int URI_PARAM = 1 << 5;
    /** SIP URI header {@code hname}/{@code hvalue}: unreserved plus {@code []/?:+$}. */
    static final int URI_HEADER = 1 << 6;
    /** Host names and IPv4 addresses: alphanum, {@code -} and {@code .}; also {@code _}, which real hosts use. */
    static final int HOST = 1 << 7;
    /** Inside the brackets of an IPv6 reference: hex digits, {@code :} and {@code .} (an embedded IPv4 address). */
    static final int IPV6 = 1 << 8;
    /** URI scheme after its first letter: alphanum and {@code +-.}. */
    static final int SCHEME = 1 << 9;
    /** Any visible ASCII character but {@code <>"}: the body of a URI whose scheme we do not parse (tel:, http:). */
    static final int OPAQUE_URI = 1 << 10;
    /** An unquoted {@code gen-value}: a token, a host, or an IPv6 address (RFC 3261 {@code received}). */
    static final int GEN_VALUE = 1 << 11;
    /** The RFC 2396 {@code reserved} set, whose escaped form is not equivalent to the character (§19.1.4). */
    static final int RESERVED = 1 << 12;
    static final int DIGIT = 1 << 13;
    static final int HEX = 1 << 14;

    private static final int[] CLASSES = new int[256];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            add(c, TOKEN | WORD | UNRESERVED | USER | PASSWORD | URI_PARAM | URI_HEADER | HOST | SCHEME | GEN_VALUE);
            add(Character.toUpperCase(c),
                    TOKEN | WORD | UNRESERVED | USER | PASSWORD | URI_PARAM | URI_HEADER | HOST | SCHEME | GEN_VALUE);
        }
        for (int c = '0'; c <= '9'; c++) {
            add(c, TOKEN | WORD | UNRESERVED | USER | PASSWORD | URI_PARAM | URI_HEADER | HOST | SCHEME | GEN_VALUE
                    | DIGIT | HEX | IPV6);
        }
        for (int c = 'a'; c <= 'f'; c++) {
            add(c, HEX | IPV6);
            add(Character.toUpperCase(c), HEX | IPV6);
        }
        addAll("-.!%*_+`'~", TOKEN | WORD | GEN_VALUE);
        addAll("()<>:\\\"/[]?{}", WORD);
        addAll("-_.!~*'()", UNRESERVED | USER | PASSWORD | URI_PARAM | URI_HEADER);
        addAll("&=+$,;?/", USER);
        addAll("&=+$,", PASSWORD);
        addAll("[]/:&+$", URI_PARAM);
        addAll("[]/?:+$", URI_HEADER);
        addAll("-._", HOST);
        addAll(":.", IPV6);
        addAll("+-.", SCHEME);
        addAll(":[]", GEN_VALUE);
        addAll(";/?:@&=+$,", RESERVED);
        for (int c = 0x21; c <= 0x7E; c++) {
            if (c != '<' && c != '>' && c != '"') {
                add(c, OPAQUE_URI);
            }
        }
    }

    private Chars() {}

    static boolean is(byte b, int charClass) {
        return (CLASSES[b & 0xFF] & charClass) != 0;
    }

    static boolean is(int c, int charClass) {
        return c >= 0 && c < 256 && (CLASSES[c] & charClass) != 0;
    }

    static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Whitespace inside a header value: a CR or LF there always belongs to a fold (the header scan checked). */
    static boolean isLws(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }

    static int toLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    private static void add(int c, int classes) {
        CLASSES[c] |= classes;
    }

    private static void addAll(String chars, int classes) {
        for (int i = 0; i < chars.length(); i++) {
            add(chars.charAt(i), classes);
        }
    }
}
