package io.sipcluster.sip;

/**
 * Reads the parts of a SIP URI after its scheme, checking every character against the RFC 3261 §25.1 grammar, and
 * records where each part is. Used once per URI by {@link SipUri#read}.
 */
final class SipUriReader {
    private static final int MAX_PORT = 65_535;

    private final byte[] b;
    private final int to;
    private final String field;
    int pos;
    int userStart = -1;
    int userEnd = -1;
    int passwordStart = -1;
    int hostStart;
    int hostEnd;
    int port = -1;

    SipUriReader(byte[] b, int pos, int to, String field) {
        this.b = b;
        this.pos = pos;
        this.to = to;
        this.field = field;
    }

    /**
     * {@code userinfo = (user / telephone-subscriber) [":" password] "@"}. The {@code @} is the only one the URI
     * may hold: none of the later parts allows it unescaped.
     */
    void readUserInfo() throws MalformedSipException {
        int at = -1;
        for (int i = pos; i < to; i++) {
            if (b[i] == '@') {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return;
        }
        userStart = pos;
        userEnd = scanEscaped(pos, at, Chars.USER, ':');
        if (userEnd == userStart) {
            throw fail("empty user part");
        }
        if (userEnd < at && b[userEnd] == ':') {
            passwordStart = userEnd + 1;
            if (scanEscaped(passwordStart, at, Chars.PASSWORD, '\0') != at) {
                throw fail("character not allowed in the password");
            }
        } else if (userEnd != at) {
            throw fail("character not allowed in the user part");
        }
        pos = at + 1;
    }

    /** {@code hostport = host [":" port]}. */
    void readHostPort() throws MalformedSipException {
        hostStart = pos;
        if (pos < to && b[pos] == '[') {
            int i = pos + 1;
            while (i < to && Chars.is(b[i], Chars.IPV6)) {
                i++;
            }
            if (i >= to || b[i] != ']' || i - pos < 3) {
                throw fail("malformed IPv6 reference");
            }
            pos = i + 1;
        } else {
            while (pos < to && Chars.is(b[pos], Chars.HOST)) {
                pos++;
            }
            if (pos == hostStart) {
                throw fail("missing host");
            }
        }
        hostEnd = pos;
        if (pos < to && b[pos] == ':') {
            int digits = Numbers.skipDigits(b, pos + 1, to);
            port = (int) Numbers.parse(b, pos + 1, digits, MAX_PORT, field);
            pos = digits;
        }
    }

    /** {@code *(";" pname ["=" pvalue])}, both made of {@code paramchar}s; {@link Params} reads them after. */
    void readParams(int maxParameters) throws MalformedSipException {
        int count = 0;
        while (pos < to && b[pos] == ';') {
            if (++count > maxParameters) {
                throw fail("more than " + maxParameters + " URI parameters");
            }
            int nameStart = pos + 1;
            pos = scanEscaped(nameStart, to, Chars.URI_PARAM, '\0');
            if (pos == nameStart) {
                throw fail("empty URI parameter");
            }
            if (pos < to && b[pos] == '=') {
                int valueStart = pos + 1;
                pos = scanEscaped(valueStart, to, Chars.URI_PARAM, '\0');
                if (pos == valueStart) {
                    throw fail("URI parameter has '=' but no value");
                }
            }
        }
    }

    /** {@code "?" header *("&" header)} with {@code header = hname "=" hvalue}; returns where they start, or -1. */
    int readHeaders() throws MalformedSipException {
        if (pos >= to || b[pos] != '?') {
            return -1;
        }
        int headersStart = pos + 1;
        do {
            int nameStart = ++pos;
            pos = scanEscaped(nameStart, to, Chars.URI_HEADER, '\0');
            if (pos == nameStart || pos >= to || b[pos] != '=') {
                throw fail("malformed URI header");
            }
            pos = scanEscaped(pos + 1, to, Chars.URI_HEADER, '\0');
        } while (pos < to && b[pos] == '&');
        return headersStart;
    }

    /**
     * Moves over characters of a class and well-formed escapes, stopping at {@code stop}, at any other character
     * or at {@code limit}; a {@code %} that does not start an escape fails.
     */
    private int scanEscaped(int from, int limit, int charClass, char stop) throws MalformedSipException {
        int i = from;
        while (i < limit) {
            byte c = b[i];
            if (c == '%') {
                if (!UriEscapes.isEscape(b, i, limit)) {
                    throw fail("'%' not followed by two hex digits");
                }
                i += 3;
            } else if (c != stop && Chars.is(c, charClass)) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private MalformedSipException fail(String problem) {
        return new MalformedSipException(field, problem);
    }
}
