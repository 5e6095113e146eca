package io.sipcluster.app.inspect.pcap;

import java.time.Instant;

/**
 * One packet record of a pcap file.
 *
 * @param frameNumber 1-based position in the file, as Wireshark numbers frames
 * @param data the captured bytes ({@code incl_len} of them); may be shorter than {@code originalLength}
 */
record PcapRecord(int frameNumber, Instant timestamp, int originalLength, byte[] data) {}
