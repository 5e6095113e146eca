package io.sipcluster.mgmt.events;

import java.time.Duration;

/**
 * How events are delivered to HTTP subscribers.
 *
 * @param queueCapacity events waiting per subscriber; further events for it are dropped (and counted) while it is
 *     this far behind
 * @param maxAttempts POSTs per event before giving up on it (1 = no retry)
 * @param requestTimeout for connecting and for the subscriber's answer
 * @param firstRetryDelay wait before the first retry; it doubles for each further one
 * @param maxSubscribers subscriptions the node keeps in all (management input must not grow state without bound)
 */
public record DeliverySettings(int queueCapacity, int maxAttempts, Duration requestTimeout, Duration firstRetryDelay,
                               int maxSubscribers) {
    public DeliverySettings {
        if (queueCapacity < 1 || maxAttempts < 1 || maxSubscribers < 1) {
            throw new IllegalArgumentException("queue, attempts and subscribers must be >= 1");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || firstRetryDelay.isNegative()) {
            throw new IllegalArgumentException("timeouts must be > 0 and delays >= 0");
        }
    }

    /** 256 queued per subscriber, 3 attempts 2 s each, retries after 200 and 400 ms, 64 subscriptions. */
    public static DeliverySettings defaults() {
        return new DeliverySettings(256, 3, Duration.ofSeconds(2), Duration.ofMillis(200), 64);
    }

    /** The wait before attempt {@code attempt} (2, 3, ...). */
    Duration delayBefore(int attempt) {
        return firstRetryDelay.multipliedBy(1L << Math.min(attempt - 2, 10));
    }
}
