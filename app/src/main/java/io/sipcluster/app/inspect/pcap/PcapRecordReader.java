package io.sipcluster.app.inspect.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * Reads the global header and then the records of a classic (libpcap) capture file, checking every length it
 * reads before trusting it. It knows nothing about what the records contain.
 */
final class PcapRecordReader {
    static final int FILE_HEADER_BYTES = 24;
    static final int RECORD_HEADER_BYTES = 16;
    /**
     * Largest record we allocate for: libpcap's own ceiling for a snapshot length (MAXIMUM_SNAPLEN). A bigger
     * captured length means the file is corrupt, and allocating for it could exhaust the heap.
     */
    static final int MAX_RECORD_BYTES = 256 * 1024;

    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int MAGIC_MODIFIED = 0xa1b2cd34;
    private static final int PCAPNG_SECTION_HEADER = 0x0a0d0d0a;

    private final InputStream in;
    private final PcapFileHeader header;
    private final byte[] recordHeader = new byte[RECORD_HEADER_BYTES];
    private int recordsRead;

    PcapRecordReader(InputStream in) throws IOException {
        this.in = in;
        this.header = readFileHeader();
    }

    PcapFileHeader header() {
        return header;
    }

    /** The next record, or null at a clean end of file (right after a whole record). */
    PcapRecord next() throws IOException {
        int got = in.readNBytes(recordHeader, 0, RECORD_HEADER_BYTES);
        if (got == 0) {
            return null;
        }
        int frame = recordsRead + 1;
        if (got < RECORD_HEADER_BYTES) {
            throw new TruncatedPcapException("the file ends inside the header of record " + frame + " ("
                    + got + " of " + RECORD_HEADER_BYTES + " bytes)");
        }
        ByteBuffer h = ByteBuffer.wrap(recordHeader).order(header.byteOrder());
        long seconds = Integer.toUnsignedLong(h.getInt(0));
        long fraction = Integer.toUnsignedLong(h.getInt(4));
        long capturedLength = Integer.toUnsignedLong(h.getInt(8));
        long originalLength = Integer.toUnsignedLong(h.getInt(12));
        if (capturedLength > MAX_RECORD_BYTES) {
            throw new PcapFormatException("record " + frame + " claims " + capturedLength
                    + " captured bytes, more than the " + MAX_RECORD_BYTES + "-byte limit: the file is corrupt");
        }
        byte[] data = in.readNBytes((int) capturedLength);
        if (data.length < capturedLength) {
            throw new TruncatedPcapException("the file ends inside record " + frame + " (" + data.length + " of "
                    + capturedLength + " bytes)");
        }
        recordsRead = frame;
        // Out-of-range fractions are normalised by Instant rather than rejected: a bad clock is not a bad file.
        long nanos = header.nanosecondTimestamps() ? fraction : fraction * 1000;
        return new PcapRecord(frame, Instant.ofEpochSecond(seconds, nanos),
                (int) Math.min(originalLength, Integer.MAX_VALUE), data);
    }

    private PcapFileHeader readFileHeader() throws IOException {
        byte[] raw = in.readNBytes(FILE_HEADER_BYTES);
        if (raw.length == 0) {
            throw new PcapFormatException("the file is empty, not a pcap capture");
        }
        if (raw.length >= 4) {
            checkMagicIsClassicPcap(ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).getInt(0));
        }
        if (raw.length < FILE_HEADER_BYTES) {
            throw new PcapFormatException("the file ends inside the pcap file header (" + raw.length + " of "
                    + FILE_HEADER_BYTES + " bytes)");
        }
        ByteBuffer h = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        int magic = h.getInt(0);
        ByteOrder order = magic == MAGIC_MICROS || magic == MAGIC_NANOS
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean nanos = magic == MAGIC_NANOS || magic == Integer.reverseBytes(MAGIC_NANOS);
        h.order(order);
        int major = Short.toUnsignedInt(h.getShort(4));
        int minor = Short.toUnsignedInt(h.getShort(6));
        if (major != 2) {
            throw new PcapFormatException("pcap version " + major + "." + minor + " is not supported (2.x expected)");
        }
        long snapLength = Integer.toUnsignedLong(h.getInt(16));
        // The upper bits of the link-type field carry FCS information, not the type.
        int linkCode = h.getInt(20) & 0xffff;
        LinkType linkType = LinkType.ofCode(linkCode);
        if (linkType == null) {
            throw new PcapFormatException("link type " + linkCode + " is not supported; supported are "
                    + LinkType.supportedList());
        }
        return new PcapFileHeader(order, nanos, major, minor, snapLength, linkType);
    }

    private static void checkMagicIsClassicPcap(int magic) throws PcapFormatException {
        if (magic == PCAPNG_SECTION_HEADER) {
            throw new PcapFormatException("this is a pcapng file; only classic pcap is supported. Convert it with"
                    + " `editcap -F pcap IN.pcapng OUT.pcap` (or capture with `tcpdump -w`)");
        }
        if (magic == MAGIC_MODIFIED || magic == Integer.reverseBytes(MAGIC_MODIFIED)) {
            throw new PcapFormatException("this is a \"modified\" (Kuznetsov) pcap file, which is not supported."
                    + " Convert it with `editcap -F pcap IN OUT.pcap`");
        }
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS
                && magic != Integer.reverseBytes(MAGIC_MICROS) && magic != Integer.reverseBytes(MAGIC_NANOS)) {
            throw new PcapFormatException(String.format("not a pcap file (magic number 0x%08x)", magic));
        }
    }
}
