package io.sipcluster.app.inspect.pcap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the TCP segments of a classic libpcap capture file.
 *
 * <p>Supported: both byte orders, microsecond and nanosecond timestamps; link types Ethernet (with VLAN tags),
 * Linux cooked v1 and v2, raw IP and BSD/OpenBSD loopback; IPv4 (with options) and IPv6 (with extension headers).
 * Frames that are not unfragmented TCP over IP are skipped and counted in {@link PcapSummary#skipped()}.
 *
 * <p>Failures: a file that is not classic pcap, or a record length that cannot be trusted, raises
 * {@link PcapFormatException}. A file cut inside its last record is not an error: the complete records are kept
 * and {@link PcapSummary#truncation()} says where it was cut, as Wireshark does. No input makes this class throw
 * an unchecked exception or allocate more than {@value PcapRecordReader#MAX_RECORD_BYTES} bytes per record.
 */
public final class PcapReader {
    private PcapReader() {}

    /** Reads a whole file into memory as segments. */
    public static PcapCapture read(Path file) throws IOException {
        List<TcpSegment> segments = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            PcapSummary summary = read(in, segments::add);
            return new PcapCapture(summary, segments);
        }
    }

    /**
     * Streams the segments of a capture to {@code sink} in frame order, so that a large file need not be held in
     * memory. Does not close {@code in}.
     */
    public static PcapSummary read(InputStream in, Consumer<TcpSegment> sink) throws IOException {
        PcapRecordReader records = new PcapRecordReader(new BufferedInputStream(in));
        PcapFileHeader header = records.header();
        LinkLayerDecoder link = new LinkLayerDecoder(header.linkType(), header.byteOrder());
        SkipCounts skipped = new SkipCounts();
        int frames = 0;
        int segments = 0;
        String truncation = null;
        while (true) {
            PcapRecord record;
            try {
                record = records.next();
            } catch (TruncatedPcapException e) {
                truncation = e.getMessage();
                break;
            }
            if (record == null) {
                break;
            }
            frames = record.frameNumber();
            try {
                sink.accept(decode(header, link, record));
                segments++;
            } catch (SkippedFrameException e) {
                skipped.add(e.reason(), record.frameNumber(), e.getMessage());
            }
        }
        return new PcapSummary(header, frames, segments, skipped, truncation);
    }

    private static TcpSegment decode(PcapFileHeader header, LinkLayerDecoder link, PcapRecord record)
            throws SkippedFrameException {
        long snapLength = header.snapLength();
        // A record longer than the snapshot length promised is suspect; it is skipped, the next one may be fine.
        if (snapLength > 0 && record.data().length > snapLength) {
            throw new SkippedFrameException(SkipReason.CAPTURED_LENGTH_OVER_SNAPLEN, record.data().length
                    + " bytes captured, snapshot length " + snapLength);
        }
        byte[] frame = record.data();
        IpDecoder.TcpLocation tcp = IpDecoder.decode(frame, link.decode(frame));
        return TcpSegmentDecoder.decode(record.frameNumber(), record.timestamp(), frame, tcp);
    }
}
