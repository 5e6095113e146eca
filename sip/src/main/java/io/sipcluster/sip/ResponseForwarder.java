package io.sipcluster.sip;

/** The edit of a proxy forwarding a response (RFC 3261 §16.7 step 3): its own Via, the topmost, comes off. */
public final class ResponseForwarder {
    private ResponseForwarder() {}

    /**
     * The response without its top Via value, every other byte as received. A response with a single Via value was
     * meant for this element and is not forwarded (check {@code vias().size() > 1} first).
     *
     * @throws IllegalArgumentException if the response has only one Via value
     */
    public static byte[] withoutTopVia(SipResponse response) throws MalformedSipException {
        return withoutTopVia(response, -1);
    }

    /** The same, with the CSeq number set back to {@code cseq} (-1: as received): see {@link RequestForwarder#cseq}. */
    public static byte[] withoutTopVia(SipResponse response, long cseq) throws MalformedSipException {
        if (response.vias().size() < 2) {
            throw new IllegalArgumentException("the response has a single Via: it is for this element");
        }
        int line = response.fields.next(HeaderName.VIA, 0);
        Cursor c = response.newCursor(line, "Via");
        ViaReader.read(c, response.limits.maxParameters());
        Splices s = new Splices();
        FirstValue.remove(response, line, c, s);
        if (cseq >= 0) {
            CSeqRewrite.replace(response, cseq, s);
        }
        SipWriter w = new SipWriter(response.length());
        s.writeTo(response.b, response.layout.start, response.layout.bodyEnd, w);
        return w.toByteArray();
    }
}
