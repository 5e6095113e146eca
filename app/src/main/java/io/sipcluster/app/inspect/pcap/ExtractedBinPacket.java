package io.sipcluster.app.inspect.pcap;

import java.time.Instant;
import java.util.List;

/**
 * One whole BIN packet found in a capture.
 *
 * @param source the TCP endpoint that sent it (a TCP hop, not necessarily the originating node)
 * @param streamOffset where it starts in its flow, counted from the flow's first byte in sequence space (for a
 *     capture with the SYN, the TCP relative sequence number minus one)
 * @param frames the capture frames (1-based) that carried its bytes, ascending
 * @param timestamp capture time of the last of those frames, when the packet was complete
 * @param bytes the packet, from "P4CK" to its last byte; not copied, do not modify
 */
public record ExtractedBinPacket(Endpoint source, Endpoint destination, long streamOffset, List<Integer> frames,
        Instant timestamp, byte[] bytes) {
    public ExtractedBinPacket {
        frames = List.copyOf(frames);
    }

    @Override
    public String toString() {
        return source + " -> " + destination + " @" + streamOffset + " frames " + frames + ", " + bytes.length
                + " bytes";
    }
}
