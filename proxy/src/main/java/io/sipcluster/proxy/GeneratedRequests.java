package io.sipcluster.proxy;

import io.sipcluster.sip.HeaderName;
import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import io.sipcluster.sip.SipWriter;

/**
 * The requests a proxy's client transaction makes itself from the INVITE it sent: the CANCEL of a ringing branch
 * (RFC 3261 §9.1) and the ACK of a non-2xx final response (§17.1.1.3). Both copy the INVITE's Request-URI, Call-ID,
 * From, CSeq number and Route set and carry the single Via of the INVITE (same branch), so that the next hop
 * matches them to its transaction.
 */
final class GeneratedRequests {
    private GeneratedRequests() {}

    static byte[] cancel(SipRequest invite) throws MalformedSipException {
        return hopByHop("CANCEL", invite, invite.header(HeaderName.TO));
    }

    /** The ACK's To is the response's: it carries the tag of the UAS that refused. */
    static byte[] ackFor(SipRequest invite, SipResponse response) throws MalformedSipException {
        return hopByHop("ACK", invite, response.header(HeaderName.TO));
    }

    private static byte[] hopByHop(String method, SipRequest invite, String to) throws MalformedSipException {
        SipWriter w = new SipWriter(512);
        w.ascii(method).write(' ').utf8(invite.requestUriText()).ascii(" SIP/2.0").crlf();
        w.ascii("Via: ").utf8(invite.topVia().text()).crlf();
        w.ascii("Max-Forwards: 70").crlf();
        for (String route : invite.headers("Route")) {
            w.ascii("Route: ").utf8(route).crlf();
        }
        w.ascii("From: ").utf8(invite.header(HeaderName.FROM)).crlf();
        w.ascii("To: ").utf8(to).crlf();
        w.ascii("Call-ID: ").utf8(invite.callId()).crlf();
        w.ascii("CSeq: ").decimal(invite.cseq().number()).write(' ').ascii(method).crlf();
        w.ascii("Content-Length: 0").crlf().crlf();
        return w.toByteArray();
    }
}
