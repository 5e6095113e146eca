package io.sipcluster.app.inspect;

import io.sipcluster.app.inspect.pcap.BinPcapExtractor;
import io.sipcluster.app.inspect.pcap.ExtractedBinPacket;
import io.sipcluster.app.inspect.pcap.PcapBinReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the BIN packets out of a pcap capture: TCP reassembled per direction, then framed and decoded. */
final class PcapSupport {
    private PcapSupport() {}

    /** Classic libpcap magics (both byte orders, micro- and nanosecond), and pcapng's, which we reject clearly. */
    static boolean isPcap(byte[] data) {
        if (data.length < 4) {
            return false;
        }
        int magic = (data[0] & 0xff) << 24 | (data[1] & 0xff) << 16 | (data[2] & 0xff) << 8 | (data[3] & 0xff);
        return magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1
                || magic == 0x0a0d0d0a;
    }

    /**
     * Every BIN packet of the capture, in the order a receiver completed them. What could not be read (gaps,
     * lost framing, a truncated file) comes back as items with an error, so the command reports it.
     */
    static List<DecodedItem> read(Path path) throws IOException {
        String file = path.toString();
        PcapBinReport report = BinPcapExtractor.extract(path);
        List<DecodedItem> items = new ArrayList<>();
        for (ExtractedBinPacket p : report.bin().packets()) {
            items.add(PacketSources.decode(file, p.source() + " -> " + p.destination(), p.streamOffset(), p.bytes()));
        }
        for (String warning : report.warnings()) {
            items.add(DecodedItem.bad(file, null, 0, warning));
        }
        return items;
    }
}
