package io.sipcluster.app.inspect.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the BIN packets in reassembled TCP flows, or in a capture file.
 *
 * <p>Each flow's bytes go through the wire module's {@link io.sipcluster.wire.PacketFramer}, exactly as a node
 * reads a connection. A flow whose first bytes are not a BIN packet is skipped and reported
 * ({@link BinFlowReport.Verdict#NOT_BIN}); a framing error later on is reported with its offset and ends that
 * flow only. Packets are returned raw; decoding them is the caller's business.
 */
public final class BinPcapExtractor {
    private BinPcapExtractor() {}

    /** Reads, reassembles and extracts a capture file, streaming it so only the payload is held in memory. */
    public static PcapBinReport extract(Path pcapFile) throws IOException {
        TcpStreamReassembler reassembler = new TcpStreamReassembler();
        PcapSummary summary;
        try (InputStream in = Files.newInputStream(pcapFile)) {
            summary = PcapReader.read(in, reassembler::add);
        }
        List<TcpFlow> flows = reassembler.finish();
        return new PcapBinReport(summary, flows, extract(flows));
    }

    public static BinExtraction extract(List<TcpFlow> flows) {
        record Ordered(BinFlowScanner.Found found, int flowIndex) {}
        List<Ordered> all = new ArrayList<>();
        List<BinFlowReport> reports = new ArrayList<>(flows.size());
        for (int i = 0; i < flows.size(); i++) {
            BinFlowScanner.Result result = BinFlowScanner.scan(flows.get(i));
            reports.add(result.report());
            for (BinFlowScanner.Found f : result.packets()) {
                all.add(new Ordered(f, i));
            }
        }
        // A stable sort: packets completed by the same frame keep flow order, and stream order within a flow.
        all.sort(Comparator.comparingInt((Ordered o) -> o.found().completedInFrame()).thenComparingInt(Ordered::flowIndex));
        return new BinExtraction(all.stream().map(o -> o.found().packet()).toList(), reports);
    }
}
