package io.sipcluster.mgmt.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiResults;
import io.sipcluster.mgmt.rpc.JsonRpcDispatcher;
import io.sipcluster.mgmt.rpc.RpcObserver;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagementServerTest {
    private static final String TOKEN = "s3cret-token-for-tests";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"method\":\"test:list\",\"id\":1}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final CommandRegistry registry = new CommandRegistry();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final CountDownLatch blockStarted = new CountDownLatch(1);
    private final CompletableFuture<com.fasterxml.jackson.databind.JsonNode> unblock = new CompletableFuture<>();
    private ManagementServer server;

    ManagementServerTest() {
        registry.register(MiCommand.builder("test", "list").recipe(p -> MiResults.now(MiResults.OK)).build());
        registry.register(MiCommand.builder("test", "block").recipe(p -> {
            blockStarted.countDown();
            return unblock;
        }).build());
    }

    private URI start(ManagementSettings settings) throws Exception {
        JsonRpcDispatcher rpc = new JsonRpcDispatcher(registry, settings.commandTimeout(), settings.maxBatch(),
                RpcObserver.NONE);
        server = ManagementServer.start(settings, rpc, () -> "# metrics here\n", rejected::add);
        return URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    private static ManagementSettings settings() {
        return ManagementSettings.loopback(TOKEN).withPort(0).withLimits(4096, 2, 4, 10);
    }

    @AfterEach
    void stop() {
        unblock.complete(MiResults.OK);
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> post(URI base, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/mi")).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDefaultsAreLoopbackAndATokenIsRequired() {
        ManagementSettings d = ManagementSettings.loopback("t0ken");
        assertThat(d.bind().getAddress().isLoopbackAddress()).isTrue();
        assertThat(d.bind().getPort()).isEqualTo(8888);
        assertThat(d.metricsNeedToken()).isTrue();
        assertThat(d.toString()).doesNotContain("t0ken");
        assertThatThrownBy(() -> ManagementSettings.loopback(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token");
        assertThatThrownBy(() -> ManagementSettings.loopback("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ManagementSettings.loopback("x").withoutToken().token()).isNull();
        assertThatThrownBy(() -> ManagementSettings.loopback("x").withBind(new InetSocketAddress("0.0.0.0", 8888))
                .withoutToken()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThat(ManagementSettings.generateToken()).hasSizeGreaterThanOrEqualTo(32)
                .isNotEqualTo(ManagementSettings.generateToken());
    }

    @Test
    void onlyTheRightTokenGetsIn() throws Exception {
        URI base = start(settings());
        HttpResponse<String> none = post(base, null, LIST);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"sipcluster\"");
        assertThat(post(base, "wrong", LIST).statusCode()).isEqualTo(401);
        assertThat(post(base, TOKEN + "x", LIST).statusCode()).isEqualTo(401);
        assertThat(post(base, TOKEN.substring(1), LIST).statusCode()).isEqualTo(401);
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(base.resolve("/mi"))
                .header("Authorization", "Basic " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(LIST)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        HttpResponse<String> ok = post(base, TOKEN, LIST);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ok.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"OK\",\"id\":1}");
        assertThat(rejected).containsOnly("unauthorized").hasSize(5);
    }

    @Test
    void metricsNeedTheTokenUnlessOpened() throws Exception {
        URI base = start(settings());
        HttpRequest get = HttpRequest.newBuilder(base.resolve("/metrics")).GET().build();
        assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(ok.body()).isEqualTo("# metrics here\n");
        server.close();

        base = start(settings().withMetricsOpen());
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(post(base, null, LIST).statusCode()).as("/mi still needs it").isEqualTo(401);
    }

    @Test
    void wrongMethodsAndPathsAreRefused() throws Exception {
        URI base = start(settings());
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(base.resolve("/mi"))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(base.resolve("/admin"))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(rejected).containsExactly("bad_method", "not_found");
    }

    @Test
    void notificationsGet202AndNoBody() throws Exception {
        URI base = start(settings());
        HttpResponse<String> r = post(base, TOKEN, "{\"jsonrpc\":\"2.0\",\"method\":\"test:list\"}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void brokenJsonIsAnsweredWithAParseError() throws Exception {
        URI base = start(settings());
        HttpResponse<String> r = post(base, TOKEN, "{\"jsonrpc\":");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode a = new ObjectMapper().readTree(r.body());
        assertThat(a.at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(post(base, TOKEN, LIST).statusCode()).as("the server carries on").isEqualTo(200);
    }

    @Test
    void bodiesOverTheLimitAreRefusedUnread() throws Exception {
        URI base = start(settings());
        String big = "{\"jsonrpc\":\"2.0\",\"method\":\"test:list\",\"params\":[\"" + "x".repeat(5000) + "\"],\"id\":1}";
        HttpResponse<String> sized = post(base, TOKEN, big);
        assertThat(sized.statusCode()).isEqualTo(413);
        assertThat(sized.body()).contains("4096 bytes");

        // Chunked: no length announced, so the limit is found while reading.
        InputStream endless = new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(base.resolve("/mi"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);

        // A claimed gigabyte is refused from the headers alone.
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /mi HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 1000000000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 413");
        }
        assertThat(post(base, TOKEN, LIST).statusCode()).isEqualTo(200);
    }

    @Test
    void whenEveryThreadIsBusyTheAnswerIs503AtOnce() throws Exception {
        URI base = start(ManagementSettings.loopback(TOKEN).withPort(0).withLimits(4096, 1, 0, 10)
                .withCommandTimeout(Duration.ofSeconds(20)));
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(base.resolve("/mi"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"test:block\",\"id\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(blockStarted.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        HttpResponse<String> busy = post(base, TOKEN, LIST);
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(rejected).contains("overloaded");

        unblock.complete(MiResults.OK);
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(post(base, TOKEN, LIST).statusCode()).as("the worker is free again").isEqualTo(200);
    }

    @Test
    void withoutATokenConfiguredEveryoneGetsIn() throws Exception {
        URI base = start(settings().withoutToken());
        assertThat(post(base, null, LIST).statusCode()).isEqualTo(200);
    }

    @Test
    void itListensOnTheAddressItWasGiven() throws Exception {
        start(settings());
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> ManagementServer.start(settings().withBind(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.address().getPort())),
                null, () -> "", HttpObserver.NONE)).isInstanceOf(java.net.BindException.class);
    }
}
