package io.sipcluster.mgmt.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's events on their way: a bounded FIFO and at most one POST in flight, so the target sees events
 * in the order they happened (a retried "node up" cannot overtake the "node down" after it). Offering never blocks;
 * the sending happens on the delivery executor.
 */
final class SubscriberQueue {
    private static final Logger log = LoggerFactory.getLogger(SubscriberQueue.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI target;
    private final HttpClient http;
    private final DeliverySettings settings;
    private final Executor executor;
    private final DeliveryObserver observer;

    private final ArrayDeque<ManagementEvent> pending = new ArrayDeque<>();
    /** A POST is in flight or about to be: the next event waits for it. Guarded by {@code this}. */
    private boolean busy;
    private boolean closed;
    /** Whether the last attempt failed, so that only changes between working and failing are logged. */
    private volatile boolean failing;

    SubscriberQueue(URI target, HttpClient http, DeliverySettings settings, Executor executor,
                    DeliveryObserver observer) {
        this.target = target;
        this.http = http;
        this.settings = settings;
        this.executor = executor;
        this.observer = observer;
    }

    /** Queues the event; drops it (counted) when the subscriber is too far behind. Any thread, never blocks. */
    void offer(ManagementEvent event) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (pending.size() >= settings.queueCapacity()) {
                observer.outcome(DeliveryObserver.Outcome.DROPPED);
                return;
            }
            pending.add(event);
            if (busy) {
                return;
            }
            busy = true;
        }
        executor.execute(this::sendNext);
    }

    /** Unsubscribed or expired: events still queued are discarded. */
    synchronized void close() {
        closed = true;
        pending.clear();
    }

    synchronized int queued() {
        return pending.size();
    }

    private void sendNext() {
        ManagementEvent next;
        synchronized (this) {
            next = closed ? null : pending.poll();
            if (next == null) {
                busy = false;
                return;
            }
        }
        attempt(notification(next), 1);
    }

    private void attempt(byte[] body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenCompleteAsync((response, error) -> {
            int status = response == null ? 0 : response.statusCode();
            if (error == null && status >= 200 && status < 300) {
                observer.outcome(DeliveryObserver.Outcome.DELIVERED);
                if (failing) {
                    failing = false;
                    log.info("event subscriber {} answers again", target);
                }
                sendNext();
            } else if (attempt < settings.maxAttempts() && !isClosed()) {
                observer.outcome(DeliveryObserver.Outcome.RETRIED);
                long delay = settings.delayBefore(attempt + 1).toMillis();
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, executor)
                        .execute(() -> attempt(body, attempt + 1));
            } else {
                observer.outcome(DeliveryObserver.Outcome.FAILED);
                if (!failing) {
                    failing = true;
                    log.warn("event subscriber {} failed {} times ({}); dropping events it cannot take", target,
                            attempt, error != null ? error.toString() : "HTTP " + status);
                }
                sendNext();
            }
        }, executor);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * The body OpenSIPS's event transports send ({@code evi/evi_transport.c: evi_build_payload}): a JSON-RPC
     * notification named after the event, with the parameters by name.
     */
    static byte[] notification(ManagementEvent event) {
        ObjectNode n = JSON.createObjectNode();
        n.put("jsonrpc", "2.0");
        n.put("method", event.name());
        ObjectNode params = n.putObject("params");
        for (Map.Entry<String, Object> p : event.params().entrySet()) {
            if (p.getValue() instanceof Integer i) {
                params.put(p.getKey(), i);
            } else {
                params.put(p.getKey(), (String) p.getValue());
            }
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }
}
