package io.sipcluster.app.demo;

import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.SipMessage;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipResponse;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Phones for the demo: one UDP socket on loopback that registers {@code user1..userN@demo.example} with a
 * registrar, each with its own Call-ID, and counts the 200 OKs. A few REGISTERs are kept in flight at once, and an
 * unanswered one is sent again unchanged (same branch: the registrar answers a retransmission with its first
 * answer), as a phone's transaction layer would, within a time limit.
 */
final class DemoPhones implements AutoCloseable {
    static final String DOMAIN = "demo.example";
    private static final int WINDOW = 32;

    private final DatagramSocket socket;
    private final SipParser parser = new SipParser();
    private int cseq = 1;

    DemoPhones() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(200);
    }

    static String aor(int user) {
        return "user" + user + "@" + DOMAIN;
    }

    /**
     * Registers users {@code first..last} for {@code expires} seconds with CSeq {@code cseq} (1 for the first
     * registration, higher for each refresh); how many got a 200 within the limit.
     */
    int register(InetSocketAddress registrar, int first, int last, int expires, int cseq, long limitMillis)
            throws IOException {
        this.cseq = cseq;
        long deadline = System.nanoTime() + limitMillis * 1_000_000;
        Set<Integer> answered = new HashSet<>();
        int next = first;
        long[] sentAt = new long[last - first + 1];
        byte[] buf = new byte[65_535];
        while (answered.size() < sentAt.length && System.nanoTime() < deadline) {
            while (next <= last && next - first - answered.size() < WINDOW) {
                send(registrar, next, expires);
                sentAt[next - first] = System.nanoTime();
                next++;
            }
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException quiet) {
                resendUnanswered(registrar, first, next, answered, sentAt, expires);
                continue;
            }
            Integer user = answeredUser(buf, p.getLength());
            if (user != null && user >= first && user <= last) {
                answered.add(user);
            }
        }
        return answered.size();
    }

    private void resendUnanswered(InetSocketAddress registrar, int first, int next, Set<Integer> answered,
                                  long[] sentAt, int expires) throws IOException {
        long now = System.nanoTime();
        for (int u = first; u < next; u++) {
            if (!answered.contains(u) && now - sentAt[u - first] > 500_000_000L) {
                send(registrar, u, expires);
                sentAt[u - first] = now;
            }
        }
    }

    /** The user a 200 answers (its Call-ID is {@code demo-USER}), or null for anything else. */
    private Integer answeredUser(byte[] buf, int length) {
        try {
            SipMessage m = parser.parseDatagram(buf, 0, length);
            if (m instanceof SipResponse r && r.statusCode() == 200 && r.callId().startsWith("demo-")) {
                return Integer.parseInt(r.callId().substring(5));
            }
        } catch (MalformedSipException | NumberFormatException ignored) {
            // not an answer to us
        }
        return null;
    }

    private void send(InetSocketAddress registrar, int user, int expires) throws IOException {
        int port = socket.getLocalPort();
        String text = "REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-demo-" + user + "-" + cseq
                + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + aor(user) + ">;tag=d" + user + "\r\n"
                + "To: <sip:" + aor(user) + ">\r\n"
                + "Call-ID: demo-" + user + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:user" + user + "@127.0.0.1:" + port + ">;expires=" + expires + "\r\n"
                + "User-Agent: sipcluster-demo\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length, registrar));
    }

    @Override
    public void close() {
        socket.close();
    }
}
