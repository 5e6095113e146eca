package io.sipcluster.dialog;

import java.nio.charset.StandardCharsets;

/**
 * The requests a node sends itself to one party of a call, inside the call's dialog: the BYE of a call it ends
 * (timeout, command, failed ping) and the OPTIONS of an in-dialog ping.
 */
final class InDialogRequests {
    private InDialogRequests() {}

    /**
     * @param via         the Via value of the proxy's transaction
     * @param target      the party's contact: the Request-URI
     * @param routeSet    the route towards the party, comma-separated {@code <uri>} values, or empty
     * @param fromUri     our side's URI as the party knows it, with {@code fromTag}
     * @param toUri       the party's URI, with {@code toTag}
     */
    static byte[] build(String method, String via, String target, String routeSet, String fromUri, String fromTag,
                        String toUri, String toTag, String callId, long cseq) {
        StringBuilder b = new StringBuilder(400);
        b.append(method).append(' ').append(target).append(" SIP/2.0\r\n");
        b.append("Via: ").append(via).append("\r\n");
        b.append("Max-Forwards: 70\r\n");
        if (!routeSet.isEmpty()) {
            b.append("Route: ").append(routeSet).append("\r\n");
        }
        b.append("From: <").append(fromUri).append(">;tag=").append(fromTag).append("\r\n");
        b.append("To: <").append(toUri).append(">;tag=").append(toTag).append("\r\n");
        b.append("Call-ID: ").append(callId).append("\r\n");
        b.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        if ("BYE".equals(method)) {
            b.append("Reason: SIP;cause=200;text=\"Call ended by the proxy\"\r\n");
        }
        b.append("Content-Length: 0\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
