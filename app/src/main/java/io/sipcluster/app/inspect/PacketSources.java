package io.sipcluster.app.inspect;

import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.PacketFramer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the BIN packets in an input file: raw packets back to back, or a pcap capture. */
final class PacketSources {
    private PacketSources() {}

    static List<DecodedItem> read(Path path, byte[] data) throws IOException {
        String file = path.toString();
        if (PcapSupport.isPcap(data)) {
            return PcapSupport.read(path);
        }
        return readRaw(file, null, data);
    }

    /** Splits a stream of back-to-back packets and decodes each; stops at a framing error, as a receiver would. */
    static List<DecodedItem> readRaw(String file, String flow, byte[] data) {
        List<DecodedItem> items = new ArrayList<>();
        List<byte[]> packets = new ArrayList<>();
        PacketFramer framer = new PacketFramer();
        String framingError = null;
        try {
            framer.feed(data, 0, data.length, packets::add);
        } catch (MalformedPacketException e) {
            framingError = e.getMessage();
        }
        long offset = 0;
        for (byte[] p : packets) {
            items.add(decode(file, flow, offset, p));
            offset += p.length;
        }
        if (framingError != null) {
            items.add(DecodedItem.bad(file, flow, offset, "framing lost, rest of the stream skipped: " + framingError));
        } else if (framer.bufferedBytes() > 0) {
            items.add(DecodedItem.bad(file, flow, offset,
                    "stream ends inside a packet (" + framer.bufferedBytes() + " bytes)"));
        }
        return items;
    }

    static DecodedItem decode(String file, String flow, long offset, byte[] packet) {
        try {
            return DecodedItem.ok(file, flow, offset, BinCodec.decode(packet), packet.length);
        } catch (MalformedPacketException e) {
            return DecodedItem.bad(file, flow, offset, e.getMessage());
        }
    }
}
