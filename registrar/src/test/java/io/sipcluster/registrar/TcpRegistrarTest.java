package io.sipcluster.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.sip.SipMessage;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipResponse;
import io.sipcluster.sip.SipStreamFramer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpRegistrarTest {
    private final TestLocation store = TestLocation.onSystemClock();
    private TcpRegistrar server;
    private Socket client;

    @BeforeEach
    void start() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        server = TcpRegistrar.start(new Registrar(store.store, RegistrarConfig.DEFAULTS), new InetSocketAddress(loopback, 0));
        client = new Socket();
        client.connect(server.localAddress(), 3000);
        client.setSoTimeout(3000);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private static String register(String user) {
        return "REGISTER sip:example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK-" + user + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@example.com>;tag=1\r\n"
                + "To: <sip:" + user + "@example.com>\r\n"
                + "Call-ID: call-" + user + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:" + user + "@127.0.0.1:5070;transport=tcp>\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private List<SipResponse> read(int count) throws Exception {
        List<SipResponse> out = new ArrayList<>();
        SipStreamFramer framer = new SipStreamFramer(new SipParser());
        InputStream in = client.getInputStream();
        byte[] buf = new byte[8192];
        while (out.size() < count) {
            int n = in.read(buf);
            assertThat(n).as("connection still open").isPositive();
            framer.feed(buf, 0, n, (SipMessage m) -> out.add((SipResponse) m));
        }
        return out;
    }

    @Test
    void answersEveryMessageOfTheStreamOnTheSameConnection() throws Exception {
        OutputStream out = client.getOutputStream();
        String two = register("alice") + register("bob");
        String third = register("carol");
        out.write(two.getBytes(StandardCharsets.US_ASCII));
        out.write(third.substring(0, 40).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(50);
        out.write(third.substring(40).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        List<SipResponse> responses = read(3);
        assertThat(responses).extracting(SipResponse::statusCode).containsExactly(200, 200, 200);
        assertThat(store.aors()).containsExactlyInAnyOrder("sip:alice@example.com", "sip:bob@example.com",
                "sip:carol@example.com");
        assertThat(store.bindings("sip:carol@example.com").get(0).source().transport()).isEqualTo("TCP");
        assertThat(server.counters().answeredCount(200)).isEqualTo(3);
    }

    @Test
    void keepaliveGetsACrlfAndAFramingErrorClosesTheConnection() throws Exception {
        OutputStream out = client.getOutputStream();
        out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = client.getInputStream();
        assertThat(in.read()).isEqualTo('\r');
        assertThat(in.read()).isEqualTo('\n');
        out.write(register("dave").replace("Content-Length: 0", "Content-Length: x")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(in.read()).isEqualTo(-1);
        assertThat(server.counters().unparseableCount()).isEqualTo(1);
        assertThat(store.aors()).isEmpty();
    }
}
