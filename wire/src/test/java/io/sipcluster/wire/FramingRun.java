package io.sipcluster.wire;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** One stream fed through a fresh {@link PacketFramer} in given read sizes: what came out and how it ended. */
final class FramingRun {
    private final ByteArrayOutputStream emitted = new ByteArrayOutputStream();
    private final List<Integer> lengths = new ArrayList<>();
    /** The field the framer blamed, or null when the whole stream was consumed without a framing error. */
    private String errorField;
    private int buffered;

    private FramingRun() {}

    /**
     * Feeds {@code stream} in reads of {@code splits[0]}, {@code splits[1]}, ... bytes, starting over at the first
     * size when they run out; with no sizes, in one read. Fails if anything but a {@link MalformedPacketException}
     * escapes, or if the framer accepts more bytes after one.
     */
    static FramingRun of(byte[] stream, int[] splits) {
        FramingRun run = new FramingRun();
        PacketFramer framer = new PacketFramer();
        int pos = 0;
        int read = 0;
        while (pos < stream.length) {
            int left = stream.length - pos;
            int len = splits.length == 0 ? left : Math.min(splits[read++ % splits.length], left);
            try {
                framer.feed(stream, pos, len, run::accept);
            } catch (MalformedPacketException e) {
                run.errorField = e.field();
                expectRefusalAfterError(framer);
                return run;
            }
            pos += len;
        }
        run.buffered = framer.bufferedBytes();
        return run;
    }

    List<Integer> packetLengths() {
        return lengths;
    }

    byte[] emittedBytes() {
        return emitted.toByteArray();
    }

    String errorField() {
        return errorField;
    }

    int bufferedBytes() {
        return buffered;
    }

    /** The framer only cuts the stream: what it emits is the stream's prefix, in packets that say their length. */
    void checkAgainst(byte[] stream) {
        byte[] out = emitted.toByteArray();
        if (!Arrays.equals(out, 0, out.length, stream, 0, Math.min(out.length, stream.length))) {
            throw new AssertionError("emitted bytes are not the start of the stream");
        }
        int at = 0;
        for (int len : lengths) {
            if (out[at] != 'P' || out[at + 1] != '4' || out[at + 2] != 'C' || out[at + 3] != 'K') {
                throw new AssertionError("emitted packet at stream offset " + at + " has no marker");
            }
            int pkgLen = BinReader.getIntLE(out, at + 4);
            if (pkgLen != len || len < WireLimits.MIN_PACKET_BYTES || len > WireLimits.MAX_PACKET_BYTES) {
                throw new AssertionError("emitted " + len + " bytes for a packet whose pkg_len is " + pkgLen);
            }
            at += len;
        }
        if (errorField == null && out.length + buffered != stream.length) {
            throw new AssertionError("lost bytes: emitted " + out.length + " + buffered " + buffered + " of "
                    + stream.length);
        }
        if (errorField != null && !errorField.equals("header.marker") && !errorField.equals("header.pkg_len")) {
            throw new AssertionError("framing error blames " + errorField);
        }
    }

    boolean sameOutcomeAs(FramingRun other) {
        return Arrays.equals(emitted.toByteArray(), other.emitted.toByteArray()) && lengths.equals(other.lengths)
                && Objects.equals(errorField, other.errorField) && buffered == other.buffered;
    }

    @Override
    public String toString() {
        String end = errorField == null ? buffered + " bytes buffered" : "error in " + errorField;
        return "packets " + lengths + ", " + end;
    }

    private void accept(byte[] packet) {
        lengths.add(packet.length);
        emitted.write(packet, 0, packet.length);
    }

    private static void expectRefusalAfterError(PacketFramer framer) {
        try {
            framer.feed(new byte[] {'P'}, 0, 1, p -> {});
        } catch (IllegalStateException expected) {
            return;
        } catch (MalformedPacketException e) {
            throw new AssertionError("framer parsed again after a framing error", e);
        }
        throw new AssertionError("framer accepted bytes after a framing error");
    }
}
