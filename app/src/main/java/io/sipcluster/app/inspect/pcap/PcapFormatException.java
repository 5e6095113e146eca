package io.sipcluster.app.inspect.pcap;

import java.io.IOException;

/**
 * The file is not a classic pcap file we can read: wrong magic (pcapng, modified pcap, not a capture at all), an
 * unsupported version or link type, or a record whose lengths cannot be trusted. Reading stops at the first one,
 * because nothing after a corrupt length can be located reliably.
 */
public class PcapFormatException extends IOException {
    public PcapFormatException(String message) {
        super(message);
    }
}
