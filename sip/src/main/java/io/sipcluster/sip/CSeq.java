package io.sipcluster.sip;

/**
 * The CSeq header (RFC 3261 §20.16): a sequence number below 2^32 and the method it belongs to.
 *
 * @param number 0 to 2^32-1
 * @param method the method token, case-sensitive; the common ones are the {@link Methods} constants
 */
public record CSeq(long number, String method) {
    /** {@code 1*DIGIT LWS Method}; the number may have leading zeros, the LWS may be a fold (RFC 4475 §3.1.1.1). */
    static CSeq read(Cursor c) throws MalformedSipException {
        int digits = c.pos;
        c.scan(Chars.DIGIT);
        long number = Numbers.parse(c.b, digits, c.pos, Numbers.MAX_UNSIGNED_32, c.field);
        if (!c.skipLws()) {
            throw c.fail("no whitespace between the number and the method");
        }
        int methodStart = c.token("method");
        String method = Methods.of(c.b, methodStart, c.pos);
        if (c.more()) {
            throw c.fail("unexpected character after the method");
        }
        return new CSeq(number, method);
    }
}
