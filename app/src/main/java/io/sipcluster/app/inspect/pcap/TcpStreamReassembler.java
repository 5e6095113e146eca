package io.sipcluster.app.inspect.pcap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the byte streams of the TCP connections in a capture: one {@link TcpFlow} per direction
 * (source ip:port to destination ip:port), in order of first appearance.
 *
 * <p>Handles retransmitted, duplicate, overlapping and out-of-order segments, captures that start mid-connection
 * (the stream then starts at the first sequence number seen) and a new connection reusing an address pair (a SYN
 * with a new initial sequence number starts a new flow). Bytes the capture does not have are reported as
 * {@link TcpFlow.Gap}s, never papered over.
 *
 * <p>Memory is bounded per direction: at most {@code maxOutOfOrderBytes} wait ahead of a hole (after that the
 * hole becomes a gap), and at most {@code maxFlowBytes} of payload are kept (the rest is counted).
 */
public final class TcpStreamReassembler {
    public static final int DEFAULT_MAX_OUT_OF_ORDER_BYTES = 4 << 20;
    public static final int DEFAULT_MAX_FLOW_BYTES = 1 << 30;

    private record Direction(Endpoint source, Endpoint destination) {}

    private final int maxOutOfOrderBytes;
    private final int maxFlowBytes;
    private final Map<Direction, TcpDirectionAssembler> open = new HashMap<>();
    private final List<TcpDirectionAssembler> inOrderOfAppearance = new ArrayList<>();
    private boolean finished;

    public TcpStreamReassembler() {
        this(DEFAULT_MAX_OUT_OF_ORDER_BYTES, DEFAULT_MAX_FLOW_BYTES);
    }

    public TcpStreamReassembler(int maxOutOfOrderBytes, int maxFlowBytes) {
        if (maxOutOfOrderBytes < 0 || maxFlowBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        this.maxOutOfOrderBytes = maxOutOfOrderBytes;
        this.maxFlowBytes = maxFlowBytes;
    }

    /** Reassembles segments given in capture order, with the default limits. */
    public static List<TcpFlow> reassemble(List<TcpSegment> segments) {
        TcpStreamReassembler r = new TcpStreamReassembler();
        segments.forEach(r::add);
        return r.finish();
    }

    /** Adds the next segment of the capture; segments must come in capture (frame) order. */
    public void add(TcpSegment segment) {
        if (finished) {
            throw new IllegalStateException("add after finish");
        }
        Direction key = new Direction(segment.source(), segment.destination());
        TcpDirectionAssembler direction = open.get(key);
        if (direction == null || direction.opensNewConnection(segment)) {
            direction = new TcpDirectionAssembler(segment.source(), segment.destination(), maxOutOfOrderBytes,
                    maxFlowBytes);
            open.put(key, direction);
            inOrderOfAppearance.add(direction);
        }
        direction.add(segment);
    }

    /** Declares the capture over: what is still missing becomes gaps. Call once. */
    public List<TcpFlow> finish() {
        if (finished) {
            throw new IllegalStateException("finish called twice");
        }
        finished = true;
        List<TcpFlow> flows = new ArrayList<>(inOrderOfAppearance.size());
        for (TcpDirectionAssembler d : inOrderOfAppearance) {
            flows.add(d.finish());
        }
        return flows;
    }
}
