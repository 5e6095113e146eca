package io.sipcluster.app.inspect.pcap;

import java.nio.ByteOrder;

/**
 * The 24-byte global header of a classic pcap file.
 *
 * @param byteOrder the order of every header field in the file (the writer's host order)
 * @param nanosecondTimestamps true for the 0xa1b23c4d magic, where the fraction field counts nanoseconds
 * @param snapLength the largest number of bytes captured per packet; 0 when the writer left it unset
 */
public record PcapFileHeader(ByteOrder byteOrder, boolean nanosecondTimestamps, int versionMajor, int versionMinor,
        long snapLength, LinkType linkType) {}
