package io.sipcluster.app.demo;

import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.Methods;
import io.sipcluster.sip.NameAddress;
import io.sipcluster.sip.ResponseBuilder;
import io.sipcluster.sip.SipMessage;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One call for the demo, between two UDP sockets on loopback: a callee that registers {@code callee@demo.example}
 * and answers whatever comes (180 and 200 to an INVITE, 200 to a BYE), and a caller that calls it through a node,
 * acknowledges the 200 along the Record-Route, and hangs up. Each step waits a bounded time for its answer.
 */
final class DemoCall implements AutoCloseable {
    static final String CALLEE = "callee@" + DemoPhones.DOMAIN;

    private final DatagramSocket caller;
    private final DatagramSocket callee;
    private final SipParser parser = new SipParser();
    private final Thread answering;
    private volatile boolean open = true;
    private String calleeTag;
    private String calleeContact;
    private List<NameAddress> routes = List.of();

    DemoCall() throws IOException {
        caller = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        callee = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        caller.setSoTimeout(200);
        callee.setSoTimeout(200);
        answering = new Thread(this::answer, "demo-callee");
        answering.setDaemon(true);
    }

    /** The callee registers with {@code registrar} from its own socket, then answers calls. */
    boolean registerCallee(InetSocketAddress registrar) throws IOException {
        int port = callee.getLocalPort();
        send(callee, registrar, "REGISTER sip:" + DemoPhones.DOMAIN + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-demo-callee\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:" + CALLEE + ">;tag=c1\r\nTo: <sip:" + CALLEE + ">\r\n"
                + "Call-ID: demo-callee-reg\r\nCSeq: 1 REGISTER\r\nContact: <sip:callee@127.0.0.1:" + port
                + ">;expires=3600\r\nContent-Length: 0\r\n\r\n");
        SipResponse r = awaitResponse(callee, "REGISTER", 3_000);
        answering.start();
        return r != null && r.statusCode() == 200;
    }

    /** Calls the callee through {@code node}; the final status (0 when none came). */
    int invite(InetSocketAddress node) throws IOException {
        send(caller, node, request(Methods.INVITE, "sip:" + CALLEE, 1, "z9hG4bK-demo-inv", null));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            SipResponse r = awaitResponse(caller, Methods.INVITE, 1_000);
            if (r == null || r.statusCode() < 200) {
                continue;
            }
            try {
                calleeTag = r.to().tag();
                calleeContact = r.contacts().get(0).uri().text();
                routes = r.recordRoutes();
            } catch (MalformedSipException | IndexOutOfBoundsException e) {
                return r.statusCode() < 300 ? 0 : r.statusCode();
            }
            return r.statusCode();
        }
        return 0;
    }

    /** The ACK of the 200, along the route the 200 gave. */
    void ack(InetSocketAddress node) throws IOException {
        send(caller, node, request(Methods.ACK, calleeContact, 1, "z9hG4bK-demo-ack", calleeTag));
    }

    /** Hangs up; the final status of the BYE (0 when none came). */
    int bye(InetSocketAddress node) throws IOException {
        send(caller, node, request(Methods.BYE, calleeContact, 2, "z9hG4bK-demo-bye", calleeTag));
        SipResponse r = awaitResponse(caller, Methods.BYE, 5_000);
        return r == null ? 0 : r.statusCode();
    }

    private String request(String method, String uri, int cseq, String branch, String toTag) {
        StringBuilder b = new StringBuilder(method).append(' ').append(uri).append(" SIP/2.0\r\n");
        b.append("Via: SIP/2.0/UDP 127.0.0.1:").append(caller.getLocalPort()).append(";branch=").append(branch)
                .append("\r\n");
        // the Record-Route of the 200, as a route set: nearest first for the caller (RFC 3261 §12.1.2)
        for (int i = routes.size() - 1; i >= 0 && toTag != null; i--) {
            b.append("Route: <").append(routes.get(i).uri().text()).append(">\r\n");
        }
        b.append("Max-Forwards: 70\r\nFrom: <sip:caller@").append(DemoPhones.DOMAIN).append(">;tag=demo-caller\r\n");
        b.append("To: <sip:").append(CALLEE).append('>').append(toTag == null ? "" : ";tag=" + toTag).append("\r\n");
        b.append("Call-ID: demo-call-1\r\nCSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        b.append("Contact: <sip:caller@127.0.0.1:").append(caller.getLocalPort()).append(">\r\n");
        return b.append("Content-Length: 0\r\n\r\n").toString();
    }

    /** The callee: 180 and 200 to an INVITE, 200 to a BYE, sent back to where they came from. */
    private void answer() {
        byte[] buf = new byte[65_535];
        while (open) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                callee.receive(p);
                SipMessage m = parser.parseDatagram(buf, 0, p.getLength());
                if (!(m instanceof SipRequest r)) {
                    continue;
                }
                InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
                if (Methods.INVITE.equals(r.method())) {
                    reply(ResponseBuilder.of(r, 180).toTag("demo-callee").build(), from);
                    reply(ResponseBuilder.of(r, 200).toTag("demo-callee").copyRecordRoute()
                            .header("Contact", "<sip:callee@127.0.0.1:" + callee.getLocalPort() + ">").build(), from);
                } else if (Methods.BYE.equals(r.method())) {
                    reply(ResponseBuilder.of(r, 200).build(), from);
                }
            } catch (SocketTimeoutException quiet) {
                // look at open again
            } catch (IOException | MalformedSipException e) {
                // a closed socket, or a message the demo callee cannot read: ignored
            }
        }
    }

    private void reply(byte[] bytes, InetSocketAddress to) throws IOException {
        callee.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private SipResponse awaitResponse(DatagramSocket s, String method, long limitMillis) throws IOException {
        long deadline = System.nanoTime() + limitMillis * 1_000_000;
        byte[] buf = new byte[65_535];
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
                SipMessage m = parser.parseDatagram(buf, 0, p.getLength());
                if (m instanceof SipResponse r && r.cseq().method().equals(method)) {
                    return r;
                }
            } catch (SocketTimeoutException quiet) {
                // keep waiting until the deadline
            } catch (MalformedSipException unreadable) {
                // not an answer to us
            }
        }
        return null;
    }

    private static void send(DatagramSocket s, InetSocketAddress to, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        s.send(new DatagramPacket(b, b.length, to));
    }

    @Override
    public void close() {
        open = false;
        caller.close();
        callee.close();
    }
}
