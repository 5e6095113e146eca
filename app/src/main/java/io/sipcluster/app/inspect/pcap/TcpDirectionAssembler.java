package io.sipcluster.app.inspect.pcap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts the segments of one direction of one TCP connection back in sequence order.
 *
 * <p>Positions are kept as "stream offsets": 64-bit distances from the first byte of the stream (the byte after
 * the SYN, or the first byte seen when the capture started mid-connection). Each new segment's 32-bit sequence
 * number is read as a signed distance from the next expected byte, so sequence wrap-around and streams over
 * 4 GiB need no special case.
 *
 * <p>Policy: the first copy of a byte wins (later, different copies are counted as conflicts); segments ahead of
 * a hole wait in a bounded buffer; when the buffer is full, or at the end, the hole is declared a gap.
 */
final class TcpDirectionAssembler {
    private static final long SEQ_MASK = 0xffff_ffffL;

    private final Endpoint source;
    private final Endpoint destination;
    private final int maxAheadBytes;
    private final GrowableBytes out;
    private final List<TcpFlow.FrameStart> frameStarts = new ArrayList<>();
    private final List<TcpFlow.Gap> gaps = new ArrayList<>();
    private final TreeMap<Long, TcpSegment> ahead = new TreeMap<>();
    private long aheadBytes;

    private boolean started;
    private boolean sawSyn;
    private long isn;
    /** The sequence number of stream offset 0. */
    private long firstSeq;
    /** Stream offset of the next byte expected. */
    private long next;
    /** Stream offset where a FIN said the data ends; -1 before any FIN. */
    private long finOffset = -1;
    /** Bytes declared missing so far; from {@link #contiguousFrom} on, payload index = stream offset - this. */
    private long missingTotal;
    private long contiguousFrom;
    /** Set once the payload reached its size limit: everything after is counted, not kept. */
    private boolean full;

    private int duplicateSegments;
    private int outOfOrderSegments;
    private long conflictingBytes;
    private long bytesBeforeStart;
    private long bytesOverLimit;

    TcpDirectionAssembler(Endpoint source, Endpoint destination, int maxAheadBytes, int maxPayloadBytes) {
        this.source = source;
        this.destination = destination;
        this.maxAheadBytes = maxAheadBytes;
        this.out = new GrowableBytes(maxPayloadBytes);
    }

    /**
     * True when {@code s} is the SYN of a new connection reusing this address pair, rather than a retransmitted
     * SYN or the first SYN of a direction that has carried no data yet.
     */
    boolean opensNewConnection(TcpSegment s) {
        if (!s.syn()) {
            return false;
        }
        return sawSyn ? s.sequenceNumber() != isn : next > 0 || !ahead.isEmpty() || !gaps.isEmpty() || full;
    }

    void add(TcpSegment s) {
        long dataSeq = s.sequenceNumber();
        if (s.syn()) {
            dataSeq = (dataSeq + 1) & SEQ_MASK; // the SYN itself takes one sequence number
            if (!sawSyn) {
                sawSyn = true;
                isn = s.sequenceNumber();
                started = false; // forget a mid-stream start made of empty segments
                finOffset = -1;
            }
        }
        if (!started) {
            started = true;
            firstSeq = dataSeq;
            next = 0;
        }
        long offset = next + (int) (dataSeq - seqAt(next));
        if (s.fin()) {
            finOffset = Math.max(finOffset, offset + s.wireLength());
        }
        if (s.rst() || s.wireLength() == 0) {
            return; // a RST's payload is diagnostic text, not stream data
        }
        if (full) {
            bytesOverLimit += s.wireLength();
            return;
        }
        place(s, offset);
    }

    TcpFlow finish() {
        while (!ahead.isEmpty() && !full) {
            addGap(ahead.firstKey() - next);
            drainAhead();
        }
        for (TcpSegment s : ahead.values()) {
            bytesOverLimit += s.wireLength();
        }
        ahead.clear();
        if (!full && finOffset > next) {
            addGap(finOffset - next); // the FIN proves the stream went on to here
        }
        return new TcpFlow(source, destination, sawSyn, out.toArray(), frameStarts, gaps,
                new TcpFlow.Anomalies(duplicateSegments, outOfOrderSegments, conflictingBytes, bytesBeforeStart,
                        bytesOverLimit));
    }

    /** Places a segment whose payload starts at stream offset {@code offset}. */
    private void place(TcpSegment s, long offset) {
        long wireEnd = offset + s.wireLength();
        if (offset < 0) {
            // Only possible when the capture started mid-stream: bytes older than the first one seen.
            bytesBeforeStart += Math.min(wireEnd, 0) - offset;
            if (wireEnd <= 0) {
                return;
            }
        }
        if (offset > next) {
            bufferAhead(s, offset);
            return;
        }
        if (wireEnd <= next) {
            duplicateSegments++;
            compareWithKept(offset, s.payload(), s.payload().length);
            return;
        }
        consume(s, offset);
        drainAhead();
    }

    /** Takes the new part of a segment that starts at or before {@link #next} and ends after it. */
    private void consume(TcpSegment s, long offset) {
        byte[] data = s.payload();
        long capturedEnd = offset + data.length;
        int already = (int) Math.min(Math.max(next - offset, 0), data.length);
        compareWithKept(offset, data, already);
        if (capturedEnd > next) {
            append(s, already, data.length - already);
        }
        long wireEnd = capturedEnd + s.missingPayloadBytes();
        if (!full && wireEnd > next) {
            addGap(wireEnd - next); // sent, but cut off by the capture's snapshot length
        }
    }

    private void append(TcpSegment s, int from, int length) {
        int kept = Math.min(length, out.room());
        if (kept > 0) {
            frameStarts.add(new TcpFlow.FrameStart(s.frameNumber(), out.length(), s.timestamp()));
            out.append(s.payload(), from, kept);
            next += kept;
        }
        if (kept < length) {
            full = true;
            bytesOverLimit += length - kept;
        }
    }

    private void bufferAhead(TcpSegment s, long offset) {
        TcpSegment existing = ahead.get(offset);
        if (existing != null && existing.wireLength() >= s.wireLength()) {
            duplicateSegments++;
            return;
        }
        if (existing != null) {
            aheadBytes -= existing.payload().length; // keep the longer copy
        } else {
            outOfOrderSegments++;
        }
        ahead.put(offset, s);
        aheadBytes += s.payload().length;
        while (aheadBytes > maxAheadBytes && !full) {
            // Waited long enough: the bytes before the first buffered segment are not coming.
            addGap(ahead.firstKey() - next);
            drainAhead();
        }
    }

    private void drainAhead() {
        while (!ahead.isEmpty() && ahead.firstKey() <= next && !full) {
            Map.Entry<Long, TcpSegment> e = ahead.pollFirstEntry();
            TcpSegment s = e.getValue();
            aheadBytes -= s.payload().length;
            long offset = e.getKey();
            if (offset + s.wireLength() <= next) {
                duplicateSegments++;
                compareWithKept(offset, s.payload(), s.payload().length);
            } else {
                consume(s, offset);
            }
        }
    }

    private void addGap(long missing) {
        gaps.add(new TcpFlow.Gap(out.length(), next, missing));
        missingTotal += missing;
        next += missing;
        contiguousFrom = next;
    }

    /** Counts bytes of {@code data[0, count)} that differ from the copy already kept, where that copy is at hand. */
    private void compareWithKept(long offset, byte[] data, int count) {
        long from = Math.max(offset, contiguousFrom);
        long to = Math.min(offset + count, next);
        for (long p = from; p < to; p++) {
            if (data[(int) (p - offset)] != out.get((int) (p - missingTotal))) {
                conflictingBytes++;
            }
        }
    }

    private long seqAt(long streamOffset) {
        return (firstSeq + streamOffset) & SEQ_MASK;
    }
}
