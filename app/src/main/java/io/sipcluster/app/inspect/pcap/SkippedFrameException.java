package io.sipcluster.app.inspect.pcap;

/**
 * Thrown by the frame decoders to abandon a frame; {@link PcapReader} counts it and moves on. Without a stack
 * trace: a capture full of ARP or UDP makes thousands of these, and they are never debugged from a trace.
 */
final class SkippedFrameException extends Exception {
    private final SkipReason reason;

    SkippedFrameException(SkipReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    SkipReason reason() {
        return reason;
    }
}
