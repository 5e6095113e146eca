package io.sipcluster.app.inspect;

import java.io.IOException;
import java.util.List;

/** Reads BIN packets out of pcap captures. */
final class PcapSupport {
    private PcapSupport() {}

    static boolean isPcap(byte[] data) {
        return false;
    }

    static List<DecodedItem> read(String file, byte[] data) throws IOException {
        throw new IOException("pcap input is not supported yet");
    }
}
