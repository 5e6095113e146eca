package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;

/**
 * Reads the start line (RFC 3261 §7.1, §7.2) and builds the message around the layout the parser found.
 *
 * <pre>
 *   Request-Line = Method SP Request-URI SP SIP-Version CRLF
 *   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
 * </pre>
 *
 * Liberal where RFC 4475 allows it and recorded as a {@link Tolerance}: several spaces between the parts of a
 * request line (§3.1.2.9) and spaces before its CRLF (§3.1.2.10). Strict where a liberal reading would be a guess:
 * a Request-URI in angle brackets (§3.1.2.7) or with whitespace inside (§3.1.2.8), and status codes that are not
 * three digits from 100 to 699 (§3.1.2.19). Any SIP-Version of the form {@code SIP/x.y} is accepted so that the
 * server can answer 505 (§3.1.2.16).
 */
final class StartLineReader {
    private static final String SIP_2_0 = "SIP/2.0";
    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 699;

    private StartLineReader() {}

    /** The start line is {@code [layout.start, layout.startLineEnd)}; the rest of the layout is filled in. */
    static SipMessage build(MessageLayout layout) throws MalformedSipException {
        byte[] b = layout.b;
        int p = layout.start;
        int e = layout.startLineEnd;
        int tokenEnd = skip(b, p, e, Chars.TOKEN);
        if (tokenEnd == p) {
            throw new MalformedSipException("start line", "does not start with a method or a SIP-Version");
        }
        if (tokenEnd < e && b[tokenEnd] == '/' && tokenEnd - p == 3 && isSipLiteral(b, p)) {
            return response(layout, p, e);
        }
        return request(layout, p, tokenEnd, e);
    }

    private static SipRequest request(MessageLayout layout, int p, int methodEnd, int e)
            throws MalformedSipException {
        byte[] b = layout.b;
        String method = Methods.of(b, p, methodEnd);
        int uriStart = spaces(layout, methodEnd, e, "method");
        int uriEnd = uriStart;
        while (uriEnd < e && b[uriEnd] != ' ') {
            byte x = b[uriEnd];
            if (x <= 0x20 || x == 0x7F) { // HT, control characters, and (signed) bytes above 0x7F
                throw new MalformedSipException("Request-URI", "contains a control, tab or non-ASCII character");
            }
            uriEnd++;
        }
        if (uriEnd == uriStart) {
            throw new MalformedSipException("Request-URI", "missing");
        }
        if (b[uriStart] == '<') {
            throw new MalformedSipException("Request-URI", "enclosed in '<' and '>'");
        }
        int versionStart = spaces(layout, uriEnd, e, "Request-URI");
        int versionEnd = versionStart;
        while (versionEnd < e && !Chars.isWhitespace(b[versionEnd])) {
            versionEnd++;
        }
        int trailing = versionEnd;
        while (trailing < e && Chars.isWhitespace(b[trailing])) {
            trailing++;
        }
        if (trailing < e) {
            throw new MalformedSipException("Request-URI", "contains whitespace");
        }
        if (versionEnd < e) {
            layout.tolerate(Tolerance.TRAILING_SPACES_IN_REQUEST_LINE);
        }
        String version = version(b, versionStart, versionEnd);
        return new SipRequest(layout, method, uriStart, uriEnd, version);
    }

    private static SipResponse response(MessageLayout layout, int p, int e) throws MalformedSipException {
        byte[] b = layout.b;
        int versionEnd = p;
        while (versionEnd < e && b[versionEnd] != ' ') {
            versionEnd++;
        }
        String version = version(b, p, versionEnd);
        if (versionEnd >= e) {
            throw new MalformedSipException("Status-Code", "missing");
        }
        int codeStart = versionEnd + 1;
        int codeEnd = Numbers.skipDigits(b, codeStart, e);
        if (codeEnd - codeStart != 3 || (codeEnd < e && b[codeEnd] != ' ')) {
            throw new MalformedSipException("Status-Code", "not three digits");
        }
        int code = (int) Numbers.parse(b, codeStart, codeEnd, MAX_STATUS, "Status-Code");
        if (code < MIN_STATUS) {
            throw new MalformedSipException("Status-Code", "below 100");
        }
        int reasonStart = codeEnd < e ? codeEnd + 1 : e;
        return new SipResponse(layout, code, reasonStart, version);
    }

    /** One or more SP after a part; more than one is tolerated. Returns where the next part starts. */
    private static int spaces(MessageLayout layout, int p, int e, String after) throws MalformedSipException {
        byte[] b = layout.b;
        if (p >= e || b[p] != ' ') {
            throw new MalformedSipException("start line", "no space after the " + after);
        }
        int q = p + 1;
        while (q < e && b[q] == ' ') {
            q++;
        }
        if (q - p > 1) {
            layout.tolerate(Tolerance.EXTRA_SPACES_IN_REQUEST_LINE);
        }
        return q;
    }

    /** {@code SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT}, "SIP" in any case. */
    private static String version(byte[] b, int from, int to) throws MalformedSipException {
        boolean shaped = to - from >= 7 && isSipLiteral(b, from) && b[from + 3] == '/';
        if (shaped) {
            int major = Numbers.skipDigits(b, from + 4, to);
            int minor = major < to && b[major] == '.' ? Numbers.skipDigits(b, major + 1, to) : -1;
            shaped = major > from + 4 && minor == to && minor > major + 1;
        }
        if (!shaped) {
            throw new MalformedSipException("SIP-Version", "not SIP/x.y");
        }
        if (to - from == SIP_2_0.length() && b[from + 4] == '2' && b[from + 5] == '.' && b[from + 6] == '0'
                && b[from] == 'S' && b[from + 1] == 'I' && b[from + 2] == 'P') {
            return SIP_2_0;
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean isSipLiteral(byte[] b, int p) {
        return (b[p] | 0x20) == 's' && (b[p + 1] | 0x20) == 'i' && (b[p + 2] | 0x20) == 'p';
    }

    private static int skip(byte[] b, int p, int e, int charClass) {
        while (p < e && Chars.is(b[p], charClass)) {
            p++;
        }
        return p;
    }
}
