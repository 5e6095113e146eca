package io.sipcluster.app.inspect.pcap;

import java.util.List;

/** A capture file read whole: its TCP segments in frame order, and the summary of what else it held. */
public record PcapCapture(PcapSummary summary, List<TcpSegment> segments) {
    public PcapCapture {
        segments = List.copyOf(segments);
    }
}
