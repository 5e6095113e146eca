package io.sipcluster.app.inspect.pcap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The bytes one side of a TCP connection sent, in sequence order, as far as the capture shows them.
 *
 * <p>The payload holds the captured bytes only. Where the capture lost bytes, a {@link Gap} says where and how
 * many: the bytes either side of a gap are not contiguous on the wire, and a parser must not read across it.
 */
public final class TcpFlow {
    /**
     * The bytes from {@code payloadIndex} on, up to the next start, came from capture frame {@code frameNumber},
     * captured at {@code timestamp}.
     */
    public record FrameStart(int frameNumber, int payloadIndex, Instant timestamp) {}

    /**
     * Bytes that were sent but not captured.
     *
     * @param payloadIndex where in {@link #payload()} they belong: the bytes before and after this index are not
     *     adjacent on the wire
     * @param streamOffset offset of the first missing byte from the start of the stream, in sequence space
     * @param missingBytes how many bytes are missing
     */
    public record Gap(int payloadIndex, long streamOffset, long missingBytes) {}

    /**
     * Oddities seen while reassembling; none of them loses data except as reported in {@link #gaps()}.
     *
     * @param duplicateSegments segments whose bytes had all been seen before (retransmissions)
     * @param outOfOrderSegments segments that arrived ahead of bytes still missing, and were buffered
     * @param conflictingBytes retransmitted bytes that differ from the first copy; the first copy is kept
     * @param bytesBeforeStart bytes from before the first byte of a stream whose start was not captured; dropped
     * @param bytesOverLimit bytes dropped because the flow reached the reassembler's size limit
     */
    public record Anomalies(int duplicateSegments, int outOfOrderSegments, long conflictingBytes,
            long bytesBeforeStart, long bytesOverLimit) {}

    private final Endpoint source;
    private final Endpoint destination;
    private final boolean startedWithSyn;
    private final byte[] payload;
    private final List<FrameStart> frameStarts;
    private final List<Gap> gaps;
    private final Anomalies anomalies;

    TcpFlow(Endpoint source, Endpoint destination, boolean startedWithSyn, byte[] payload,
            List<FrameStart> frameStarts, List<Gap> gaps, Anomalies anomalies) {
        this.source = source;
        this.destination = destination;
        this.startedWithSyn = startedWithSyn;
        this.payload = payload;
        this.frameStarts = List.copyOf(frameStarts);
        this.gaps = List.copyOf(gaps);
        this.anomalies = anomalies;
    }

    public Endpoint source() {
        return source;
    }

    public Endpoint destination() {
        return destination;
    }

    /**
     * True when the capture holds the SYN, so the payload starts at the first byte of the stream. False when the
     * capture started mid-connection: the payload then starts at the first byte captured, which may be in the
     * middle of an application message.
     */
    public boolean startedWithSyn() {
        return startedWithSyn;
    }

    public int payloadLength() {
        return payload.length;
    }

    /** A copy of the captured payload. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload without copying, for this package's readers, which do not modify it. */
    byte[] payloadView() {
        return payload;
    }

    /** Where each frame's bytes start in the payload, in payload order; frames that added no bytes are absent. */
    public List<FrameStart> frameStarts() {
        return frameStarts;
    }

    public List<Gap> gaps() {
        return gaps;
    }

    public Anomalies anomalies() {
        return anomalies;
    }

    /** The frames that carried {@code payload[from, from + length)}, ascending and without repeats. */
    public List<Integer> framesCovering(int from, int length) {
        TreeSet<Integer> frames = new TreeSet<>();
        frameStartsCovering(from, length).forEach(f -> frames.add(f.frameNumber()));
        return new ArrayList<>(frames);
    }

    /** The frame starts whose bytes overlap {@code payload[from, from + length)}, in payload order. */
    public List<FrameStart> frameStartsCovering(int from, int length) {
        if (frameStarts.isEmpty() || length <= 0) {
            return List.of();
        }
        int first = lastFrameStartAtOrBefore(from);
        int end = first;
        while (end < frameStarts.size() && frameStarts.get(end).payloadIndex() < from + length) {
            end++;
        }
        return frameStarts.subList(first, end);
    }

    /** The stream offset (sequence space, counting missing bytes) of the byte at {@code payloadIndex}. */
    public long streamOffset(int payloadIndex) {
        long missing = 0;
        for (Gap g : gaps) {
            if (g.payloadIndex() > payloadIndex) {
                break;
            }
            missing += g.missingBytes();
        }
        return payloadIndex + missing;
    }

    private int lastFrameStartAtOrBefore(int index) {
        int lo = 0;
        int hi = frameStarts.size() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (frameStarts.get(mid).payloadIndex() <= index) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return source + " -> " + destination + ": " + payload.length + " bytes" + (startedWithSyn ? "" : " (mid-stream)")
                + (gaps.isEmpty() ? "" : ", " + gaps.size() + " gap(s)");
    }
}
