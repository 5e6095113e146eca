package io.sipcluster.sip;

/**
 * The one pass over a header section: splits it into field lines (unfolding continuation lines, RFC 3261 §7.3.1),
 * classifies each name, and reads Content-Length, which framing needs before anything else.
 *
 * <p>It enforces what every later parser relies on: lines end in CRLF (a bare CR or LF is refused, so that no two
 * parsers can disagree on where a line ends), a CRLF inside a value is always followed by SP or HT, a name is a
 * token followed by optional whitespace and a colon, and the limits on field count, field length and section
 * length hold.
 */
final class HeaderScanner {
    private final SipLimits limits;

    HeaderScanner(SipLimits limits) {
        this.limits = limits;
    }

    /**
     * Scans field lines from {@code pos} until the empty line, recording them in {@code out}.
     *
     * @param sectionEnd where the header section must have ended: the end of the input, or earlier if the limit on
     *                   the section's size comes first ({@code inputEnd} tells the two apart in the error)
     * @return the offset of the empty line's CR; the body starts two bytes later
     */
    int scan(byte[] b, int pos, int sectionEnd, int inputEnd, HeaderFields out) throws MalformedSipException {
        while (true) {
            if (pos + 1 < sectionEnd && b[pos] == '\r' && b[pos + 1] == '\n') {
                return pos;
            }
            if (pos >= sectionEnd) {
                throw unterminated(sectionEnd, inputEnd);
            }
            if (out.count() == limits.maxHeaderFields()) {
                throw new MalformedSipException("header section", "more than " + limits.maxHeaderFields()
                        + " header fields");
            }
            pos = scanField(b, pos, sectionEnd, inputEnd, out);
        }
    }

    private int scanField(byte[] b, int pos, int sectionEnd, int inputEnd, HeaderFields out)
            throws MalformedSipException {
        int nameStart = pos;
        while (pos < sectionEnd && Chars.is(b[pos], Chars.TOKEN)) {
            pos++;
        }
        int nameEnd = pos;
        if (nameEnd == nameStart) {
            throw new MalformedSipException("header field", "line does not start with a header name");
        }
        HeaderName kind = HeaderName.of(b, nameStart, nameEnd);
        String field = kind == HeaderName.OTHER ? "extension header field" : kind.canonical();
        while (pos < sectionEnd && Chars.isWhitespace(b[pos])) {
            pos++;
        }
        if (pos >= sectionEnd || b[pos] != ':') {
            if (pos >= sectionEnd) {
                throw unterminated(sectionEnd, inputEnd);
            }
            throw new MalformedSipException(field, "no colon after the header name");
        }
        pos++;
        int colon = pos;
        int lineEnd;
        while (true) {
            // Only CR and LF matter until the line ends: the value is trimmed afterwards.
            while (pos < sectionEnd && b[pos] != '\r' && b[pos] != '\n') {
                pos++;
            }
            if (pos >= sectionEnd) {
                throw unterminated(sectionEnd, inputEnd);
            }
            if (b[pos] == '\n') {
                throw new MalformedSipException(field, "LF not preceded by CR");
            }
            if (pos + 1 >= sectionEnd) {
                throw unterminated(sectionEnd, inputEnd);
            }
            if (b[pos + 1] != '\n') {
                throw new MalformedSipException(field, "CR not followed by LF");
            }
            if (pos + 2 < sectionEnd && Chars.isWhitespace(b[pos + 2])) {
                pos += 3; // a fold: the value continues on the next line
                continue;
            }
            lineEnd = pos;
            pos += 2;
            break;
        }
        // Between the colon and the line's end, CR and LF occur only in folds, so trimming over SP, HT, CR and LF
        // leaves the value with no fold at either end.
        int valueStart = colon;
        while (valueStart < lineEnd && Chars.isLws(b[valueStart])) {
            valueStart++;
        }
        int valueEnd = lineEnd;
        while (valueEnd > valueStart && Chars.isLws(b[valueEnd - 1])) {
            valueEnd--;
        }
        if (pos - nameStart > limits.maxHeaderFieldBytes()) {
            throw new MalformedSipException(field, "longer than " + limits.maxHeaderFieldBytes() + " bytes");
        }
        out.add(kind, nameStart, valueStart, valueEnd);
        return pos;
    }

    /**
     * The Content-Length of scanned fields: -1 if there is none. Several Content-Length fields are refused even when
     * they agree: the body's extent must not depend on which one a parser believes (RFC 4475 §3.3.9).
     */
    long contentLength(byte[] b, HeaderFields fields) throws MalformedSipException {
        int at = fields.next(HeaderName.CONTENT_LENGTH, 0);
        if (at < 0) {
            return -1;
        }
        if (fields.isRepeated(HeaderName.CONTENT_LENGTH)) {
            throw new MalformedSipException("Content-Length", "appears more than once");
        }
        return Numbers.parse(b, fields.valueStart(at), fields.valueEnd(at), limits.maxMessageBytes(),
                "Content-Length");
    }

    private MalformedSipException unterminated(int sectionEnd, int inputEnd) {
        if (sectionEnd < inputEnd) {
            return new MalformedSipException("header section", "longer than " + limits.maxHeaderSectionBytes()
                    + " bytes");
        }
        return new MalformedSipException("header section", "not terminated by an empty line");
    }
}
