package io.sipcluster.mgmt.events;

/** Told what became of each event sent to a subscriber (for metrics). Called from delivery threads. */
@FunctionalInterface
public interface DeliveryObserver {
    enum Outcome {
        /** The subscriber answered 2xx. */
        DELIVERED,
        /** An attempt failed and another one is scheduled. */
        RETRIED,
        /** Every attempt failed; the event is given up. */
        FAILED,
        /** The subscriber's queue was full; the event was never sent. */
        DROPPED
    }

    void outcome(Outcome outcome);

    DeliveryObserver NONE = outcome -> { };
}
