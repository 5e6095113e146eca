package io.sipcluster.mgmt.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * How the management endpoint listens and what it accepts.
 *
 * <p>Safe by default: loopback only, and a bearer token is required for {@code /mi} and {@code /metrics}. Running
 * without a token has to be asked for with {@link #withoutToken()}, and is refused on any address but loopback
 * (as the node file's {@code auth: none} is).
 *
 * @param bind address and port; port 0 picks a free one (tests)
 * @param token the bearer token callers must send, or null when {@code allowUnauthenticated}
 * @param allowUnauthenticated accept requests without a token (loopback addresses only)
 * @param metricsNeedToken whether {@code /metrics} also needs the token (Prometheus sends it with
 *     {@code authorization: credentials}); true by default
 * @param maxRequestBytes the largest request body accepted; larger ones get 413 without being read
 * @param workerThreads threads that read requests and wait for commands
 * @param queueCapacity requests waiting for a thread; beyond it the answer is 503 at once
 * @param commandTimeout how long one request body (a batch included) may take; past it the caller gets a server
 *     error and the command finishes on its own
 * @param maxBatch the most requests one JSON-RPC batch may hold
 */
public record ManagementSettings(InetSocketAddress bind, String token, boolean allowUnauthenticated,
                                 boolean metricsNeedToken, int maxRequestBytes, int workerThreads, int queueCapacity,
                                 Duration commandTimeout, int maxBatch) {
    /** OpenSIPS's mi_http listens on 8888. */
    public static final int DEFAULT_PORT = 8888;
    private static final int MAX_BODY_LIMIT = 16 << 20;

    public ManagementSettings {
        if (bind == null) {
            throw new IllegalArgumentException("management needs an address to bind");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token == null && !allowUnauthenticated) {
            throw new IllegalArgumentException("management needs a token (Authorization: Bearer <token>); "
                    + "allow unauthenticated access explicitly if nothing else can reach " + bind);
        }
        if (token == null && (bind.getAddress() == null || !bind.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("management without a token must listen on loopback, not " + bind);
        }
        if (token != null && (token.length() > 512 || token.chars().anyMatch(c -> c <= ' ' || c > '~'))) {
            throw new IllegalArgumentException("the management token must be 1-512 printable ASCII characters");
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("request size limit must be 1 KiB..16 MiB, got " + maxRequestBytes);
        }
        if (workerThreads < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("need at least one worker thread and a queue >= 0");
        }
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()
                || commandTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("command timeout must be > 0 and at most 5 minutes");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch limit must be >= 1");
        }
    }

    /** 127.0.0.1:8888, token required, 1 MiB bodies, 4 threads and 16 queued, 10 s per request, batches of 64. */
    public static ManagementSettings loopback(String token) {
        return new ManagementSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT), token,
                false, true, 1 << 20, 4, 16, Duration.ofSeconds(10), 64);
    }

    /** A random token for a node that was given none (print it, or write it where the CLI finds it). */
    public static String generateToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public ManagementSettings withBind(InetSocketAddress address) {
        return new ManagementSettings(address, token, allowUnauthenticated, metricsNeedToken, maxRequestBytes,
                workerThreads, queueCapacity, commandTimeout, maxBatch);
    }

    public ManagementSettings withPort(int port) {
        return withBind(new InetSocketAddress(bind.getAddress(), port));
    }

    /** No token at all: every caller that reaches the port may run every command. */
    public ManagementSettings withoutToken() {
        return new ManagementSettings(bind, null, true, metricsNeedToken, maxRequestBytes, workerThreads,
                queueCapacity, commandTimeout, maxBatch);
    }

    public ManagementSettings withMetricsOpen() {
        return new ManagementSettings(bind, token, allowUnauthenticated, false, maxRequestBytes, workerThreads,
                queueCapacity, commandTimeout, maxBatch);
    }

    public ManagementSettings withLimits(int maxRequestBytes, int workerThreads, int queueCapacity, int maxBatch) {
        return new ManagementSettings(bind, token, allowUnauthenticated, metricsNeedToken, maxRequestBytes,
                workerThreads, queueCapacity, commandTimeout, maxBatch);
    }

    public ManagementSettings withCommandTimeout(Duration timeout) {
        return new ManagementSettings(bind, token, allowUnauthenticated, metricsNeedToken, maxRequestBytes,
                workerThreads, queueCapacity, timeout, maxBatch);
    }

    @Override
    public String toString() {
        // Never print the token.
        return "ManagementSettings[bind=" + bind + ", token=" + (token == null ? "none" : "set")
                + ", metricsNeedToken=" + metricsNeedToken + ", maxRequestBytes=" + maxRequestBytes
                + ", workerThreads=" + workerThreads + ", queueCapacity=" + queueCapacity
                + ", commandTimeout=" + commandTimeout + ", maxBatch=" + maxBatch + "]";
    }
}
