package io.sipcluster.dialog;

import java.nio.charset.StandardCharsets;

/** The BYE a node sends to one party of a call it ends itself (timeout, command), inside the call's dialog. */
final class Byes {
    private Byes() {}

    /**
     * @param via         the Via value of the proxy's transaction
     * @param target      the party's contact: the Request-URI
     * @param routeSet    the route towards the party, comma-separated {@code <uri>} values, or empty
     * @param fromUri     our side's URI as the party knows it, with {@code fromTag}
     * @param toUri       the party's URI, with {@code toTag}
     */
    static byte[] build(String via, String target, String routeSet, String fromUri, String fromTag, String toUri,
                        String toTag, String callId, long cseq) {
        StringBuilder b = new StringBuilder(400);
        b.append("BYE ").append(target).append(" SIP/2.0\r\n");
        b.append("Via: ").append(via).append("\r\n");
        b.append("Max-Forwards: 70\r\n");
        if (!routeSet.isEmpty()) {
            b.append("Route: ").append(routeSet).append("\r\n");
        }
        b.append("From: <").append(fromUri).append(">;tag=").append(fromTag).append("\r\n");
        b.append("To: <").append(toUri).append(">;tag=").append(toTag).append("\r\n");
        b.append("Call-ID: ").append(callId).append("\r\n");
        b.append("CSeq: ").append(cseq).append(" BYE\r\n");
        b.append("Reason: SIP;cause=200;text=\"Call timeout\"\r\n");
        b.append("Content-Length: 0\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
