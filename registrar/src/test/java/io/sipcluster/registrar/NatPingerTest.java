package io.sipcluster.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.usrloc.duty.ContactDuty;
import io.sipcluster.wire.Str;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** NAT keepalives over real UDP sockets: phones registered from behind a "NAT" (another port than their Contact). */
class NatPingerTest {
    private final InetAddress loopback = InetAddress.getLoopbackAddress();
    private final TestLocation location = TestLocation.onSystemClock();
    private UdpRegistrar server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    /** Registers {@code user} from {@code phone}; its Contact names port 5999 unless {@code honest}. */
    private void register(DatagramSocket phone, String user, boolean honest) throws Exception {
        int contactPort = honest ? phone.getLocalPort() : 5999;
        String text = "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + contactPort
                + ";branch=z9hG4bK-" + user + ";rport\r\nFrom: <sip:" + user + "@example.com>;tag=1\r\nTo: <sip:"
                + user + "@example.com>\r\nCall-ID: " + user + "\r\nCSeq: 1 REGISTER\r\nContact: <sip:" + user
                + "@127.0.0.1:" + contactPort + ">\r\nContent-Length: 0\r\n\r\n";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        phone.send(new DatagramPacket(b, b.length, server.localAddress()));
        DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
        phone.receive(answer);
        assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII))
                .startsWith("SIP/2.0 200");
    }

    private static SipRequest receive(DatagramSocket phone, int waitMillis) throws Exception {
        phone.setSoTimeout(waitMillis);
        DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
        try {
            phone.receive(p);
        } catch (SocketTimeoutException none) {
            return null;
        }
        return (SipRequest) new SipParser().parseDatagram(p.getData(), 0, p.getLength());
    }

    private static void answer(DatagramSocket phone, SipRequest options) throws Exception {
        String text = "SIP/2.0 200 OK\r\nVia: " + options.header("Via") + "\r\nFrom: " + options.header("From")
                + "\r\nTo: " + options.header("To") + ";tag=p\r\nCall-ID: " + options.callId() + "\r\nCSeq: 1 OPTIONS"
                + "\r\nContent-Length: 0\r\n\r\n";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), options.topVia().port());
        phone.send(new DatagramPacket(b, b.length, to));
    }

    @Test
    void phonesBehindANatArePingedAnswersMatchedAndSilentOnesRemoved() throws Exception {
        server = UdpRegistrar.start(new Registrar(location.store, RegistrarConfig.DEFAULTS),
                new InetSocketAddress(loopback, 0));
        try (DatagramSocket answering = new DatagramSocket(0, loopback);
             DatagramSocket silent = new DatagramSocket(0, loopback);
             DatagramSocket direct = new DatagramSocket(0, loopback)) {
            register(answering, "alice", false);
            register(silent, "bob", false);
            register(direct, "carol", true);
            NatPinger pinger = new NatPinger(location.location, ContactDuty::everything, server,
                    new NatPinger.Settings(Duration.ofSeconds(1), 100, false, 2), 200_000_000L);

            pinger.tick();
            SipRequest toAlice = receive(answering, 2_000);
            assertThat(toAlice.method()).isEqualTo("OPTIONS");
            assertThat(toAlice.requestUri().text()).isEqualTo("sip:alice@127.0.0.1:5999");
            answer(answering, toAlice);
            assertThat(receive(silent, 2_000).method()).isEqualTo("OPTIONS");
            assertThat(receive(direct, 300)).as("a phone not behind a NAT is not pinged").isNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> pinger.stats().answered() == 1);

            Thread.sleep(300); // past the answer wait: bob's first ping is late
            pinger.tick();
            assertThat(pinger.stats().unanswered()).isEqualTo(1);
            answer(answering, receive(answering, 2_000));
            receive(silent, 2_000);
            Thread.sleep(300);
            pinger.tick(); // bob's second unanswered ping: removed
            assertThat(pinger.stats().removed()).isEqualTo(1);
            assertThat(location.bindings("sip:bob@example.com")).isEmpty();
            assertThat(location.bindings("sip:alice@example.com")).hasSize(1);
            assertThat(pinger.stats().sent()).isEqualTo(5);
        }
    }

    @Test
    void onlyTheBindingsOfThisNodesDutyArePingedAndCrlfIsFourBytes() throws Exception {
        server = UdpRegistrar.start(new Registrar(location.store, RegistrarConfig.DEFAULTS),
                new InetSocketAddress(loopback, 0));
        try (DatagramSocket dave = new DatagramSocket(0, loopback);
             DatagramSocket erin = new DatagramSocket(0, loopback)) {
            register(dave, "dave", false); // no owner tag: every node pings it
            long now = System.currentTimeMillis() / 1000;
            location.location.register(Str.of("erin@example.com"), new io.sipcluster.usrloc.Binding(
                    Str.of("sip:erin@127.0.0.1:5999"), Str.of("e"), 1, now + 600, -1, Str.EMPTY,
                    Str.of("sip:127.0.0.1:" + erin.getLocalPort()), Str.EMPTY, 0, Str.EMPTY, Str.EMPTY, Str.EMPTY, 0,
                    -1, Str.EMPTY, Str.of("vip"), now), new io.sipcluster.wire.usrloc.ContactMatch(0, java.util.List.of()));
            AtomicReference<ContactDuty> duty = new AtomicReference<>(ContactDuty.ownership(t -> false));
            NatPinger pinger = new NatPinger(location.location, duty::get, server,
                    new NatPinger.Settings(Duration.ofSeconds(1), 100, true, 0));
            pinger.tick();
            assertThat(crlf(dave)).isTrue();
            assertThat(crlf(erin)).as("erin's tag is not active here").isFalse();
            duty.set(ContactDuty.ownership("vip"::equals)); // the tag moved to this node
            pinger.tick();
            assertThat(crlf(dave)).isTrue();
            assertThat(crlf(erin)).isTrue();
            assertThat(pinger.stats().sent()).isEqualTo(3);
        }
    }

    /** Whether the phone received a CRLFCRLF keepalive within 1 s. */
    private static boolean crlf(DatagramSocket phone) throws Exception {
        phone.setSoTimeout(1_000);
        DatagramPacket p = new DatagramPacket(new byte[16], 16);
        try {
            phone.receive(p);
        } catch (SocketTimeoutException none) {
            return false;
        }
        return p.getLength() == 4 && new String(p.getData(), 0, 4, StandardCharsets.US_ASCII).equals("\r\n\r\n");
    }
}
