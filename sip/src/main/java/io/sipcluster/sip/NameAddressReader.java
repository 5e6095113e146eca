package io.sipcluster.sip;

/**
 * Reads {@code (name-addr / addr-spec) *(SEMI generic-param)} values (RFC 3261 §20.10, §25.1):
 * <pre>
 *   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 * </pre>
 * No whitespace is allowed inside the angle brackets (RFC 4475 §3.1.2.14 refuses {@code < sip:a@b >}), a display
 * name made of tokens cannot hold a comma (§3.1.2.15, {@code Bell, Alexander}), a quoted one must be closed
 * (§3.1.2.6), and an addr-spec must not carry URI headers, which only the bracketed form can hold (§3.1.2.13).
 */
final class NameAddressReader {
    private NameAddressReader() {}

    /**
     * Reads the value at the cursor, leaving it before the next {@code ,} or at the end.
     *
     * @param bracketsRequired true for Route, Record-Route and Path, which allow name-addr only
     */
    static NameAddress read(Cursor c, boolean bracketsRequired, int maxParameters) throws MalformedSipException {
        c.skipLws();
        int valueStart = c.pos;
        int displayStart = -1;
        int displayEnd = -1;
        int next = c.peek();
        if (next == '"') {
            displayStart = c.pos;
            QuotedStrings.skip(c);
            displayEnd = c.pos;
            c.skipLws();
            if (c.peek() != '<') {
                throw c.fail("quoted display name not followed by '<'");
            }
        } else if (next != '<') {
            int tokensEnd = tokenDisplayNameEnd(c);
            if (tokensEnd >= 0) {
                displayStart = valueStart;
                displayEnd = tokensEnd;
            }
        }
        int addressStart = c.pos;
        Uri uri;
        if (c.peek() == '<') {
            uri = readBracketed(c, maxParameters);
        } else if (bracketsRequired) {
            throw c.fail("address must be enclosed in '<' and '>'");
        } else {
            uri = readAddrSpec(c, maxParameters);
        }
        int addressEnd = c.pos;
        Params params = Params.readHeaderParams(c, maxParameters);
        int valueEnd = params.size() == 0 ? addressEnd : paramsEnd(params);
        return new NameAddress(c.b, valueStart, valueEnd, displayStart, displayEnd, addressStart, addressEnd, uri,
                params);
    }

    /**
     * If tokens separated by whitespace and then {@code <} follow, moves the cursor to the {@code <} and returns
     * where the last token ends; otherwise leaves the cursor and returns -1 (the value is an addr-spec, whose
     * scheme also scans as a token).
     */
    private static int tokenDisplayNameEnd(Cursor c) {
        int save = c.pos;
        int lastTokenEnd = -1;
        while (true) {
            int start = c.scan(Chars.TOKEN);
            if (c.pos == start) {
                break;
            }
            lastTokenEnd = c.pos;
            c.skipLws();
        }
        if (lastTokenEnd >= 0 && c.peek() == '<') {
            return lastTokenEnd;
        }
        c.pos = save;
        return -1;
    }

    private static Uri readBracketed(Cursor c, int maxParameters) throws MalformedSipException {
        int uriStart = ++c.pos;
        while (c.pos < c.end && c.b[c.pos] != '>') {
            if (Chars.isLws(c.b[c.pos])) {
                throw c.fail("whitespace inside '<' and '>'");
            }
            c.pos++;
        }
        if (c.pos >= c.end) {
            throw c.fail("'<' without '>'");
        }
        int uriEnd = c.pos++;
        return Uri.read(c.b, uriStart, uriEnd, maxParameters, c.field);
    }

    /** An addr-spec ends at whitespace, {@code ;} or {@code ,}; those, and {@code ?}, need the bracketed form. */
    private static Uri readAddrSpec(Cursor c, int maxParameters) throws MalformedSipException {
        int uriStart = c.pos;
        while (c.pos < c.end) {
            byte x = c.b[c.pos];
            if (Chars.isLws(x) || x == ';' || x == ',') {
                break;
            }
            if (x == '?') {
                throw c.fail("URI with headers must be enclosed in '<' and '>'");
            }
            c.pos++;
        }
        return Uri.read(c.b, uriStart, c.pos, maxParameters, c.field);
    }

    private static int paramsEnd(Params params) {
        int last = params.size() - 1;
        return params.valueStart(last) >= 0 ? params.valueEnd(last) : params.nameEnd(last);
    }
}
