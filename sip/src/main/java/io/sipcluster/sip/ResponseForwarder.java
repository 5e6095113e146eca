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
        if (response.vias().size() < 2) {
            throw new IllegalArgumentException("the response has a single Via: it is for this element");
        }
        int line = response.fields.next(HeaderName.VIA, 0);
        Cursor c = response.newCursor(line, "Via");
        ViaReader.read(c, response.limits.maxParameters());
        Splices s = new Splices();
        FirstValue.remove(response, line, c, s);
        SipWriter w = new SipWriter(response.length());
        s.writeTo(response.b, response.layout.start, response.layout.bodyEnd, w);
        return w.toByteArray();
    }
}
