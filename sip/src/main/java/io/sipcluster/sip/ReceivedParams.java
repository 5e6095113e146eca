package io.sipcluster.sip;

/**
 * The parameters a server adds to the top Via of a request it receives, so that responses find their way back:
 * {@code received} when the sent-by host is not the packet's source address (RFC 3261 §18.2.1), and the source
 * port as the value of an empty {@code rport}, together with {@code received} in any case (RFC 3581 §4).
 */
final class ReceivedParams {
    private ReceivedParams() {}

    /**
     * Adds to {@code splices} the edits that annotate the top Via of {@code m}, which arrived from
     * {@code sourceAddress}:{@code sourcePort}.
     */
    static void annotate(SipMessage m, String sourceAddress, int sourcePort, Splices splices)
            throws MalformedSipException {
        Via top = m.topVia();
        Params p = top.params();
        int rport = p.indexOf("rport");
        boolean fillRport = rport >= 0 && p.valueStart(rport) < 0;
        if (fillRport) {
            splices.insert(p.nameEnd(rport), "=" + sourcePort);
        }
        boolean addReceived = !p.has("received") && (fillRport || !top.host().equalsIgnoreCase(sourceAddress));
        if (addReceived) {
            splices.insert(top.valueEnd(), ";received=" + sourceAddress);
        }
    }
}
