package io.sipcluster.mgmt.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.mgmt.Eventually;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.rpc.JsonRpcDispatcher;
import io.sipcluster.mgmt.rpc.RpcObserver;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A client that sends half a request holds a thread only until the request time limit. The module's surefire
 * configuration sets that limit to 2 s ({@code sun.net.httpserver.maxReqTime}, JVM-wide); nodes run with 30 s.
 */
class SlowClientTest {
    private static final String TOKEN = "slow-client-token-1";

    @Test
    void halfARequestDoesNotHoldTheOnlyThreadForever() throws Exception {
        assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).as("set by the surefire configuration")
                .isEqualTo("2");
        ManagementSettings s = ManagementSettings.loopback(TOKEN).withPort(0).withLimits(4096, 1, 0, 10);
        JsonRpcDispatcher rpc = new JsonRpcDispatcher(new CommandRegistry(), Duration.ofSeconds(5), 10,
                RpcObserver.NONE);
        HttpClient http = HttpClient.newHttpClient();
        try (ManagementServer server = ManagementServer.start(s, rpc, () -> "", HttpObserver.NONE);
             Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /mi HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                            + "/mi")).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"id\":1}"))
                    .build();
            Eventually.await("the slow client holds the only thread", Duration.ofSeconds(2),
                    () -> send(http, request) == 503);
            Eventually.await("the slow client is cut off and the thread serves again", Duration.ofSeconds(10),
                    () -> send(http, request) == 200);
        }
    }

    private static int send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
