package io.sipcluster.sip;

/**
 * Reads Via values: {@code via-parm = sent-protocol LWS sent-by *(SEMI via-params)}, with
 * {@code sent-protocol = protocol-name SLASH protocol-version SLASH transport} and
 * {@code sent-by = host [COLON port]} (RFC 3261 §20.42, §25.1).
 */
final class ViaReader {
    private static final int MAX_PORT = 65_535;
    private static final int MAX_TTL = 255;

    private ViaReader() {}

    /** Reads the value at the cursor, which is left before the next {@code ,} or at the end. */
    static Via read(Cursor c, int maxParameters) throws MalformedSipException {
        c.skipLws();
        int valueStart = c.pos;
        c.token("protocol name");
        c.expectAround('/', "'/' after the protocol name");
        c.token("protocol version");
        c.expectAround('/', "'/' after the protocol version");
        int transportStart = c.token("transport");
        int transportEnd = c.pos;
        if (!c.skipLws()) {
            throw c.fail("no whitespace between the transport and sent-by");
        }
        int hostStart = c.pos;
        readHost(c);
        int hostEnd = c.pos;
        int port = -1;
        if (c.skipLwsAnd(':')) {
            c.skipLws();
            int digits = c.pos;
            c.scan(Chars.DIGIT);
            port = (int) Numbers.parse(c.b, digits, c.pos, MAX_PORT, c.field);
        }
        Params params = Params.readHeaderParams(c, maxParameters);
        checkKnownParams(params, c.field);
        int valueEnd = params.size() > 0 ? lastParamEnd(params) : c.pos;
        return new Via(c.b, valueStart, valueEnd, transportStart, transportEnd, hostStart, hostEnd, port, params);
    }

    /** A host name, an IPv4 address, or {@code [IPv6]}. */
    private static void readHost(Cursor c) throws MalformedSipException {
        if (c.peek() == '[') {
            c.pos++;
            c.scan(Chars.IPV6);
            if (c.peek() != ']') {
                throw c.fail("malformed IPv6 reference in sent-by");
            }
            c.pos++;
        } else if (c.scan(Chars.HOST) == c.pos) {
            throw c.fail("missing host in sent-by");
        }
    }

    private static void checkKnownParams(Params params, String field) throws MalformedSipException {
        for (int i = 0; i < params.size(); i++) {
            byte[] b = params.bytes();
            int vs = params.valueStart(i);
            int ve = params.valueEnd(i);
            if (params.nameEquals(i, "branch")) {
                requireToken(b, vs, ve, field + ".branch");
            } else if (params.nameEquals(i, "received")) {
                requireToken(b, vs, ve, field + ".received");
            } else if (params.nameEquals(i, "ttl")) {
                Numbers.parse(b, Math.max(vs, 0), Math.max(ve, 0), MAX_TTL, field + ".ttl");
            } else if (params.nameEquals(i, "rport") && vs >= 0) {
                Numbers.parse(b, vs, ve, MAX_PORT, field + ".rport");
            } else if (params.nameEquals(i, "maddr")) {
                requireHost(b, vs, ve, field + ".maddr");
            }
        }
    }

    private static void requireToken(byte[] b, int vs, int ve, String field) throws MalformedSipException {
        if (vs < 0 || b[vs] == '"') {
            throw new MalformedSipException(field, "needs a token value");
        }
    }

    private static void requireHost(byte[] b, int vs, int ve, String field) throws MalformedSipException {
        if (vs < 0 || b[vs] == '"') {
            throw new MalformedSipException(field, "needs a host");
        }
        for (int i = vs; i < ve; i++) {
            if (!Chars.is(b[i], Chars.HOST) && !Chars.is(b[i], Chars.IPV6) && b[i] != '[' && b[i] != ']') {
                throw new MalformedSipException(field, "not a host");
            }
        }
    }

    private static int lastParamEnd(Params params) {
        int last = params.size() - 1;
        return params.valueStart(last) >= 0 ? params.valueEnd(last) : params.nameEnd(last);
    }
}
