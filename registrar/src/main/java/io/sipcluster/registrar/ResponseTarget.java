package io.sipcluster.registrar;

import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.Via;
import java.net.InetSocketAddress;

/**
 * Where a UDP response goes (RFC 3261 §18.2.2 with RFC 3581 §4): with {@code rport} in the top Via, to the source
 * address and port the request came from; without it, to the source address (the {@code received} value) at the
 * sent-by port, 5060 when absent. {@code maddr} is not honoured: the response goes to the source address. A top
 * Via that cannot be read (the request is answered with a 400) sends the response to the source.
 */
final class ResponseTarget {
    private ResponseTarget() {}

    static InetSocketAddress forUdp(SipRequest request, InetSocketAddress source) {
        Via via;
        try {
            via = request.topVia();
        } catch (MalformedSipException unreadable) {
            return source;
        }
        if (via.hasRport()) {
            return source;
        }
        int port = via.port() > 0 ? via.port() : 5060;
        return port == source.getPort() ? source : new InetSocketAddress(source.getAddress(), port);
    }
}
