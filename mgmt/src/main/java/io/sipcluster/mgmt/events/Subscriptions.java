package io.sipcluster.mgmt.events;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Who subscribed to which event, until when ({@code event_subscribe}). Subscribing again with the same target
 * renews the subscription with the new expiry; an expiry of 0 ends it. Expired subscriptions are removed as soon as
 * they are looked at, before an event would be sent to them.
 *
 * <p>A target has one delivery queue for all the events it subscribed to, so it receives them in the order they
 * happened whatever their names; the queue goes when the target's last subscription does.
 */
final class Subscriptions {
    /** One target subscribed to one event. */
    static final class Subscription {
        final String event;
        final URI target;
        final int expireSeconds;
        final long sinceNanos;
        final SubscriberQueue queue;

        Subscription(String event, URI target, int expireSeconds, long sinceNanos, SubscriberQueue queue) {
            this.event = event;
            this.target = target;
            this.expireSeconds = expireSeconds;
            this.sinceNanos = sinceNanos;
            this.queue = queue;
        }

        /** Seconds left, rounded up; 0 once expired. */
        long ttlSeconds(long nowNanos) {
            long left = TimeUnit.SECONDS.toNanos(expireSeconds) - (nowNanos - sinceNanos);
            return left <= 0 ? 0 : (left + 999_999_999L) / 1_000_000_000L;
        }
    }

    private final LongSupplier nanoClock;
    private final int maxSubscribers;
    private final Function<URI, SubscriberQueue> queues;
    private final Map<String, List<Subscription>> byEvent = new LinkedHashMap<>();
    private final Map<URI, SubscriberQueue> queuesByTarget = new LinkedHashMap<>();

    /**
     * @param queues makes the delivery queue of a new subscription
     */
    Subscriptions(LongSupplier nanoClock, int maxSubscribers, Function<URI, SubscriberQueue> queues) {
        this.nanoClock = nanoClock;
        this.maxSubscribers = maxSubscribers;
        this.queues = queues;
    }

    /**
     * Adds, renews or (with {@code expireSeconds == 0}) ends a subscription.
     *
     * @throws IllegalStateException when the subscription would be one too many
     */
    synchronized void subscribe(String event, URI target, int expireSeconds) {
        List<Subscription> subs = byEvent.computeIfAbsent(event, e -> new ArrayList<>());
        Subscription existing = find(subs, target);
        if (expireSeconds == 0) {
            if (existing != null) {
                remove(subs, existing);
            }
            return;
        }
        if (existing != null) {
            subs.set(subs.indexOf(existing), new Subscription(event, target, expireSeconds, nanoClock.getAsLong(),
                    existing.queue));
            return;
        }
        purgeExpired();
        if (count() >= maxSubscribers) {
            throw new IllegalStateException("this node already has " + maxSubscribers + " subscriptions");
        }
        SubscriberQueue queue = queuesByTarget.computeIfAbsent(target, queues);
        subs.add(new Subscription(event, target, expireSeconds, nanoClock.getAsLong(), queue));
    }

    /** The live subscriptions to {@code event}, in subscription order. */
    synchronized List<Subscription> active(String event) {
        List<Subscription> subs = byEvent.get(event);
        if (subs == null) {
            return List.of();
        }
        purge(subs);
        return List.copyOf(subs);
    }

    /** Every live subscription by event name (events without subscribers are left out). */
    synchronized Map<String, List<Subscription>> all() {
        purgeExpired();
        Map<String, List<Subscription>> out = new LinkedHashMap<>();
        byEvent.forEach((event, subs) -> {
            if (!subs.isEmpty()) {
                out.put(event, List.copyOf(subs));
            }
        });
        return out;
    }

    synchronized Subscription find(String event, URI target) {
        return find(active(event), target);
    }

    synchronized int count() {
        return byEvent.values().stream().mapToInt(List::size).sum();
    }

    synchronized int queued() {
        return queuesByTarget.values().stream().mapToInt(SubscriberQueue::queued).sum();
    }

    long now() {
        return nanoClock.getAsLong();
    }

    synchronized void clear() {
        queuesByTarget.values().forEach(SubscriberQueue::close);
        queuesByTarget.clear();
        byEvent.clear();
    }

    private void purgeExpired() {
        byEvent.values().forEach(this::purge);
    }

    private void purge(List<Subscription> subs) {
        long now = nanoClock.getAsLong();
        for (Iterator<Subscription> it = subs.iterator(); it.hasNext(); ) {
            Subscription s = it.next();
            if (s.ttlSeconds(now) == 0) {
                it.remove();
                dropQueueIfUnused(s.target);
            }
        }
    }

    private void remove(List<Subscription> subs, Subscription s) {
        subs.remove(s);
        dropQueueIfUnused(s.target);
    }

    private void dropQueueIfUnused(URI target) {
        boolean used = byEvent.values().stream().flatMap(List::stream).anyMatch(s -> s.target.equals(target));
        if (!used) {
            SubscriberQueue q = queuesByTarget.remove(target);
            if (q != null) {
                q.close();
            }
        }
    }

    private static Subscription find(List<Subscription> subs, URI target) {
        for (Subscription s : subs) {
            if (s.target.equals(target)) {
                return s;
            }
        }
        return null;
    }
}
