package io.sipcluster.mgmt.events;

import io.sipcluster.core.ClusterEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the node's events go out: in-process listeners (for embedding) and HTTP subscribers. Attach it to the engine
 * loop with {@code loop.addListener(hub)}; other modules may publish their own events (usrloc's {@code E_UL_*})
 * after declaring their names.
 *
 * <p>{@link #publish} runs on the caller's thread, which is the loop thread for cluster events: listeners must return
 * quickly, and subscribers only get the event queued.
 */
public final class EventHub implements Consumer<ClusterEvent>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    private final List<String> names = new CopyOnWriteArrayList<>(ClusterEventMapper.NAMES);
    private final List<Consumer<ManagementEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery;
    private final HttpClient http;
    private final Subscriptions subscriptions;

    public EventHub(DeliverySettings settings, DeliveryObserver observer) {
        this(settings, observer, System::nanoTime);
    }

    /** @param nanoClock monotonic time for expiry (tests move it) */
    public EventHub(DeliverySettings settings, DeliveryObserver observer, LongSupplier nanoClock) {
        this.delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sipcluster-events");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).executor(delivery).build();
        this.subscriptions = new Subscriptions(nanoClock, settings.maxSubscribers(),
                target -> new SubscriberQueue(target, http, settings, delivery, observer));
    }

    /** Declares an event other modules will publish, so that it can be subscribed to and is listed. */
    public void declare(String eventName) {
        if (!names.contains(eventName)) {
            names.add(eventName);
        }
    }

    /** Event names that can be subscribed to, in declaration order. */
    public List<String> eventNames() {
        return new ArrayList<>(names);
    }

    /** In-process listener: called on the publishing thread (the loop, for cluster events); must not block. */
    public void addListener(Consumer<ManagementEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ManagementEvent> listener) {
        listeners.remove(listener);
    }

    /** A cluster event from the engine loop. */
    @Override
    public void accept(ClusterEvent event) {
        ClusterEventMapper.map(event).ifPresent(this::publish);
    }

    public void publish(ManagementEvent event) {
        for (Consumer<ManagementEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                log.warn("event listener failed on {}", event.name(), e);
            }
        }
        for (Subscriptions.Subscription s : subscriptions.active(event.name())) {
            s.queue.offer(event);
        }
    }

    /**
     * {@code event_subscribe}: adds or renews a subscription, or ends it with {@code expireSeconds == 0}.
     *
     * @throws IllegalArgumentException the event is not published here
     * @throws IllegalStateException the node has as many subscriptions as it keeps
     */
    public void subscribe(String eventName, URI target, int expireSeconds) {
        if (!names.contains(eventName)) {
            throw new IllegalArgumentException("no event named " + eventName + " is published here");
        }
        subscriptions.subscribe(eventName, target, expireSeconds);
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    public int subscriberCount() {
        return subscriptions.count();
    }

    /** Events waiting in all subscribers' queues. */
    public int queuedEvents() {
        return subscriptions.queued();
    }

    @Override
    public void close() {
        subscriptions.clear();
        delivery.shutdownNow();
    }
}
