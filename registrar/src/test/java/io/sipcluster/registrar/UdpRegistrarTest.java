package io.sipcluster.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpRegistrarTest {
    private final TestLocation store = TestLocation.onSystemClock();
    private UdpRegistrar server;
    private DatagramSocket client;
    private InetAddress loopback;

    @BeforeEach
    void start() throws Exception {
        loopback = InetAddress.getByName("127.0.0.1");
        server = UdpRegistrar.start(new Registrar(store.store, RegistrarConfig.DEFAULTS), new InetSocketAddress(loopback, 0));
        client = new DatagramSocket(new InetSocketAddress(loopback, 0));
        client.setSoTimeout(3000);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static String register(String user, String via) {
        return "REGISTER sip:example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + via + ";branch=z9hG4bK-" + user + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@example.com>;tag=1\r\n"
                + "To: <sip:" + user + "@example.com>\r\n"
                + "Call-ID: call-" + user + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:" + user + "@127.0.0.1:5999>\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private void send(DatagramSocket from, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        from.send(new DatagramPacket(b, b.length, server.localAddress()));
    }

    private static SipResponse receive(DatagramSocket on) throws Exception {
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        on.receive(p);
        return (SipResponse) new SipParser().parseDatagram(buf, 0, p.getLength());
    }

    @Test
    void registersOverUdpAndAnswersTheSourceWhenRportIsAsked() throws Exception {
        assertThat(server.transportKind()).isIn("epoll", "nio");
        send(client, register("alice", "192.0.2.99:5070;rport"));
        SipResponse r = receive(client);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.topVia().rport()).isEqualTo(client.getLocalPort());
        assertThat(r.topVia().received()).isEqualTo("127.0.0.1");
        assertThat(store.bindings("sip:alice@example.com")).hasSize(1);
        assertThat(store.bindings("sip:alice@example.com").get(0).source())
                .isEqualTo(new Source("127.0.0.1", client.getLocalPort(), "UDP"));
        assertThat(server.counters().receivedCount()).isEqualTo(1);
        assertThat(server.counters().answeredCount(200)).isEqualTo(1);
    }

    @Test
    void withoutRportTheResponseGoesToTheSentByPort() throws Exception {
        try (DatagramSocket viaPort = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            viaPort.setSoTimeout(3000);
            send(client, register("bob", "127.0.0.1:" + viaPort.getLocalPort()));
            SipResponse r = receive(viaPort);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.topVia().received()).isNull(); // sent-by is already the source address
        }
    }

    @Test
    void unparseableDatagramsAreDroppedAndCountedAndBadFieldsGet400() throws Exception {
        send(client, "this is not SIP\r\n\r\n");
        send(client, "\r\n\r\n");
        send(client, "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n");
        send(client, register("carol", "127.0.0.1:" + client.getLocalPort()).replace("CSeq: 1", "CSeq: x"));
        SipResponse r = receive(client);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.reasonPhrase()).isEqualTo("Bad Request (CSeq)");
        assertThat(server.counters().receivedCount()).isEqualTo(4);
        assertThat(server.counters().droppedCount()).isEqualTo(3);
        assertThat(server.counters().unparseableCount()).isEqualTo(1);
        assertThat(server.counters().answeredCount(400)).isEqualTo(1);
        client.setSoTimeout(200);
        try {
            receive(client);
            throw new AssertionError("nothing else should have been answered");
        } catch (SocketTimeoutException expected) {
            // only the 400
        }
    }
}
