package io.sipcluster.mgmt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sipcluster.mgmt.events.DeliveryObserver;
import io.sipcluster.mgmt.events.EventHub;
import io.sipcluster.mgmt.http.HttpObserver;
import io.sipcluster.mgmt.rpc.RpcObserver;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The management endpoint's own metrics: JSON-RPC calls, HTTP requests turned away, and event deliveries. */
public final class ManagementMetrics implements RpcObserver, HttpObserver, DeliveryObserver {
    private final MeterRegistry registry;
    private final Map<Outcome, Counter> deliveries = new EnumMap<>(Outcome.class);

    public ManagementMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome o : Outcome.values()) {
            deliveries.put(o, Counter.builder("sipcluster.event.deliveries")
                    .description("events for HTTP subscribers by outcome (delivered, retried, failed, dropped)")
                    .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry));
        }
    }

    /** Gauges of the subscribers and their queues; call once the hub exists. */
    public void watch(EventHub hub) {
        Gauge.builder("sipcluster.event.subscribers", hub, EventHub::subscriberCount)
                .description("live event subscriptions").register(registry);
        Gauge.builder("sipcluster.event.queued", hub, EventHub::queuedEvents)
                .description("events waiting to be POSTed to subscribers").register(registry);
    }

    @Override
    public void completed(String method, int errorCode, long durationNanos) {
        Counter.builder("sipcluster.mi.requests")
                .description("JSON-RPC requests by command and outcome (ok or error)")
                .tags("method", method, "outcome", errorCode == 0 ? "ok" : "error")
                .register(registry).increment();
        if (errorCode != 0) {
            Counter.builder("sipcluster.mi.errors")
                    .description("JSON-RPC error answers by error code")
                    .tag("code", Integer.toString(errorCode))
                    .register(registry).increment();
        }
        Timer.builder("sipcluster.mi.request.duration")
                .description("time from request to answer, per command")
                .tag("method", method)
                .register(registry).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rejected(String reason) {
        Counter.builder("sipcluster.http.rejected")
                .description("HTTP requests turned away before any command ran, by reason")
                .tag("reason", reason)
                .register(registry).increment();
    }

    @Override
    public void outcome(Outcome outcome) {
        deliveries.get(outcome).increment();
    }
}
