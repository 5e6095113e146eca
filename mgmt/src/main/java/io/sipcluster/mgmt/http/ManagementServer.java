package io.sipcluster.mgmt.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sipcluster.mgmt.rpc.JsonRpcDispatcher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management endpoint: {@code POST /mi} (JSON-RPC 2.0, OpenSIPS mi_http style: 200 with the response, 202 with
 * no body when the request held only notifications) and {@code GET /metrics} (Prometheus text).
 *
 * <p>Requests run on a fixed pool with a bounded queue. When both are full, the request is handed to a single
 * "overload" thread that answers 503 at once without reading the body, so a burst is turned away quickly instead of
 * piling up. Authentication comes before the body is read, and bodies over the limit are refused unread.
 *
 * <p>The JDK server reads request headers on the pool's threads and has no read timeout of its own; a client that
 * sends half a request would hold a thread forever. Its {@code sun.net.httpserver.maxReqTime} setting bounds that,
 * and is set here to 30 s unless the JVM was started with a value (the setting is JVM-wide and read once).
 */
public final class ManagementServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
    private static final String JSON = "application/json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** Set on the overload thread: requests it runs are answered 503. */
    private static final ThreadLocal<Boolean> OVERLOADED = ThreadLocal.withInitial(() -> false);

    static {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "30");
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor overload;
    private final ManagementSettings settings;
    private final BearerToken token;
    private final JsonRpcDispatcher rpc;
    private final Supplier<String> metrics;
    private final HttpObserver observer;

    private ManagementServer(ManagementSettings settings, JsonRpcDispatcher rpc, Supplier<String> metrics,
                             HttpObserver observer) throws IOException {
        this.settings = settings;
        this.token = settings.token() == null ? null : new BearerToken(settings.token());
        this.rpc = rpc;
        this.metrics = metrics;
        this.observer = observer;
        this.overload = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64),
                named("sipcluster-mgmt-overload"));
        BlockingQueue<Runnable> queue = settings.queueCapacity() == 0
                ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queueCapacity());
        this.workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 0,
                TimeUnit.MILLISECONDS, queue, named("sipcluster-mgmt"), (task, pool) -> {
                    observer.rejected("overloaded");
                    overload.execute(() -> {
                        OVERLOADED.set(true);
                        try {
                            task.run();
                        } finally {
                            OVERLOADED.set(false);
                        }
                    });
                });
        this.server = HttpServer.create(settings.bind(), 64);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /** Binds and starts serving; the port is in {@link #address()} (useful with port 0). */
    public static ManagementServer start(ManagementSettings settings, JsonRpcDispatcher rpc, Supplier<String> metrics,
                                         HttpObserver observer) throws IOException {
        ManagementServer s = new ManagementServer(settings, rpc, metrics, observer);
        s.server.start();
        log.info("management listening on {} ({})", s.address(),
                settings.token() == null ? "NO TOKEN: anyone reaching the port may run commands" : "token required");
        return s;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            if (OVERLOADED.get()) {
                ex.getResponseHeaders().set("Retry-After", "1");
                send(ex, 503, JSON, errorBody("management is busy; try again"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/mi") || path.equals("/mi/")) {
                handleMi(ex);
            } else if (path.equals("/metrics")) {
                handleMetrics(ex);
            } else {
                observer.rejected("not_found");
                send(ex, 404, JSON, errorBody("no such endpoint; use POST /mi or GET /metrics"));
            }
        } catch (IOException e) {
            log.debug("management client went away: {}", e.toString());
        } catch (RuntimeException e) {
            log.warn("management request failed", e);
        }
    }

    private void handleMi(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            observer.rejected("bad_method");
            ex.getResponseHeaders().set("Allow", "POST");
            send(ex, 405, JSON, errorBody("use POST for JSON-RPC"));
            return;
        }
        if (!authorized(ex)) {
            return;
        }
        byte[] body;
        try {
            body = RequestBodies.read(ex.getRequestBody(), contentLength(ex), settings.maxRequestBytes());
        } catch (RequestBodies.TooLarge e) {
            observer.rejected("too_large");
            send(ex, 413, JSON, errorBody("request body over " + settings.maxRequestBytes() + " bytes"));
            return;
        }
        Optional<byte[]> answer = rpc.handle(body);
        if (answer.isEmpty()) {
            ex.sendResponseHeaders(202, -1);
        } else {
            send(ex, 200, JSON, answer.get());
        }
    }

    private void handleMetrics(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET")) {
            observer.rejected("bad_method");
            ex.getResponseHeaders().set("Allow", "GET");
            send(ex, 405, JSON, errorBody("use GET for metrics"));
            return;
        }
        if (settings.metricsNeedToken() && !authorized(ex)) {
            return;
        }
        send(ex, 200, PROMETHEUS_TEXT, metrics.get().getBytes(StandardCharsets.UTF_8));
    }

    /** Answers 401 and returns false unless the request carries the token (or none is configured). */
    private boolean authorized(HttpExchange ex) throws IOException {
        if (token == null || token.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        observer.rejected("unauthorized");
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sipcluster\"");
        send(ex, 401, JSON, errorBody("missing or wrong bearer token (Authorization: Bearer <token>)"));
        return false;
    }

    private static long contentLength(HttpExchange ex) {
        String v = ex.getRequestHeaders().getFirst("Content-Length");
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A JSON-RPC-shaped error for answers given before any request was parsed, so clients read one format. */
    private static byte[] errorBody(String detail) {
        String escaped = detail.replace("\\", "\\\\").replace("\"", "\\\"");
        return ("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Server error\",\"data\":\""
                + escaped + "\"},\"id\":null}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Stops at once: requests still running are cut off. (JDK 17's {@code stop(delay)} waits out the whole delay even
     * when nothing is running, JDK-8304065, and a management call has nothing worth a slower shutdown.)
     */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        overload.shutdownNow();
    }
}
