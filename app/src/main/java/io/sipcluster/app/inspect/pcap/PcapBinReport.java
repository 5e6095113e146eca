package io.sipcluster.app.inspect.pcap;

import java.util.ArrayList;
import java.util.List;

/** Everything {@link BinPcapExtractor#extract(java.nio.file.Path)} learned from one capture file. */
public record PcapBinReport(PcapSummary capture, List<TcpFlow> tcpFlows, BinExtraction bin) {
    public PcapBinReport {
        tcpFlows = List.copyOf(tcpFlows);
    }

    public List<ExtractedBinPacket> packets() {
        return bin.packets();
    }

    /**
     * One line per thing an operator should know, for printing: how the capture was read, retransmissions that
     * contradicted the first copy, then per flow what extraction found (gaps are reported there, once).
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>(capture.warnings());
        for (TcpFlow f : tcpFlows) {
            long conflicting = f.anomalies().conflictingBytes();
            if (conflicting > 0) {
                out.add(f.source() + " -> " + f.destination() + ": " + conflicting
                        + " retransmitted byte(s) differ from the first copy, which was kept");
            }
        }
        out.addAll(bin.warnings());
        return out;
    }
}
