package io.sipcluster.app.inspect.pcap;

import java.util.ArrayList;
import java.util.List;

/**
 * What reading a capture file found besides the segments themselves.
 *
 * @param frames records read whole
 * @param tcpSegments frames that yielded a TCP segment
 * @param skipped frames that did not, by reason
 * @param truncation why the file ended early (it was cut inside a record), or null when it ended cleanly
 */
public record PcapSummary(PcapFileHeader header, int frames, int tcpSegments, SkipCounts skipped, String truncation) {
    /** One line per thing an operator should know: the truncation, then each skip reason. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (truncation != null) {
            out.add("capture truncated: " + truncation);
        }
        skipped.entries().forEach(e -> out.add(e.toString()));
        return out;
    }
}
