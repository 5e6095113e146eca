package io.sipcluster.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sipcluster.wire.testing.AllocationMeter;
import io.sipcluster.wire.testing.DecodeAllocation;
import io.sipcluster.wire.dialog.DialogCodec;
import io.sipcluster.wire.dialog.DialogMessage;
import io.sipcluster.wire.dialog.DialogPairs;
import io.sipcluster.wire.dialog.DialogRecord;
import io.sipcluster.wire.dialog.ProfileCodec;
import io.sipcluster.wire.ratelimit.PipeCodec;
import io.sipcluster.wire.usrloc.UsrlocCodec;
import io.sipcluster.wire.usrloc.UsrlocSyncRecord;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Everything that reads bytes from a peer, fed bytes a peer could send. A target fails on any exception but
 * {@link MalformedPacketException}, and on any accepted input whose re-encoding differs from it.
 *
 * <p>In {@code mvn test} each target only runs its inputs under
 * {@code src/test/resources/io/sipcluster/wire/BinDecoderFuzzTestInputs/<method>/} (for the decoder, every golden
 * vector). {@code mvn verify} fuzzes one target for {@code fuzz.seconds}; see {@code docs/fuzzing.md}.
 */
// fuzz.seconds=0 means "do not fuzz", but libFuzzer reads a time limit of 0 as "no limit". The build skips the
// fuzzing run for -Dfuzz.seconds=0; this catches a 0 that reaches the run anyway (e.g. set in a POM).
@DisabledIfSystemProperty(named = "jazzer.max_duration", matches = "0+s?", disabledReason = "fuzzing time is 0")
class BinDecoderFuzzTest {
    /** Split sizes for the framer; a little over a packet, so that a split can also hold a packet and more. */
    private static final int MAX_SPLIT = WireLimits.MAX_PACKET_BYTES + 64;
    private static final int MAX_SPLITS = 16;

    @FuzzTest
    void decodeArbitraryBytes(byte[] input) {
        BinMessage m = decodeOrNull(input);
        if (m != null) {
            byte[] again = BinCodec.encode(m);
            if (!Arrays.equals(again, input)) {
                throw new AssertionError("accepted packet re-encodes differently\n in:  " + hex(input)
                        + "\n out: " + hex(again) + "\n as:  " + m);
            }
        }
        assertAllocationBounded(input);
    }

    @FuzzTest
    void frameArbitraryStream(FuzzedDataProvider data) {
        int[] splits = new int[data.consumeInt(0, MAX_SPLITS)];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = data.consumeInt(1, MAX_SPLIT);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        FramingRun split = FramingRun.of(stream, splits);
        split.checkAgainst(stream);
        // Where reads happen to end must not change what comes out: compare with the stream in one read.
        FramingRun whole = FramingRun.of(stream, new int[0]);
        if (!split.sameOutcomeAs(whole)) {
            throw new AssertionError("splits " + Arrays.toString(splits) + " changed the outcome:\n split: " + split
                    + "\n whole: " + whole);
        }
    }

    @FuzzTest
    void decodeUsrlocSyncChunk(byte[] chunk) {
        UsrlocSyncRecord rec;
        try {
            rec = UsrlocCodec.decodeSyncChunk(Str.ofBytes(chunk));
        } catch (MalformedPacketException e) {
            return;
        }
        BinWriter w = new BinWriter();
        UsrlocCodec.writeSyncRecord(rec, w);
        byte[] again = Arrays.copyOf(w.array(), w.position());
        if (!Arrays.equals(again, chunk)) {
            throw new AssertionError("accepted chunk re-encodes differently\n in:  " + hex(chunk) + "\n out: "
                    + hex(again) + "\n as:  " + rec);
        }
    }

    /**
     * The decoders of the bodies BinCodec keeps opaque (dialogs, profiles, rate-limit pipes), and the vars and
     * profiles texts inside a dialog: nothing but a MalformedPacketException comes out of bad input, and a dialog
     * accepted in a version is written back to the same body when its texts are valid UTF-8.
     */
    @FuzzTest
    void decodeModuleBodies(byte[] input) {
        if (!(decodeOrNull(input) instanceof ModulePacket p)) {
            return;
        }
        try {
            if (p.capability().equals(Capability.DIALOG)) {
                DialogMessage m = DialogCodec.decode(p);
                if (m instanceof DialogMessage.Created c) {
                    DialogPairs.read(c.dialog().vars());
                    DialogPairs.read(c.dialog().profiles());
                    if (p.body().isValidUtf8()) {
                        checkSame(p, DialogCodec.created(c.dialog(), p.version()).body());
                    }
                }
            } else if (p.capability().equals(Capability.DIALOG_PROFILES)) {
                ProfileCodec.decode(p);
            } else if (p.capability().equals(Capability.RATELIMIT)) {
                PipeCodec.decode(p);
            }
        } catch (MalformedPacketException refused) {
            // the only way to refuse
        }
    }

    /** A dialog sync chunk, read as each data version spoken: refused, or written back the same. */
    @FuzzTest
    void decodeDialogSyncChunk(byte[] chunk) {
        for (int version = DialogCodec.MIN_VERSION; version <= DialogCodec.MAX_VERSION; version++) {
            DialogRecord d;
            try {
                d = DialogCodec.decodeSyncChunk(Str.ofBytes(chunk), version);
            } catch (MalformedPacketException refused) {
                continue;
            }
            byte[] again = DialogCodec.syncChunk(d, version).toByteArray();
            if (Str.ofBytes(chunk).isValidUtf8() && !Arrays.equals(again, chunk)) {
                throw new AssertionError("accepted v" + version + " chunk re-encodes differently");
            }
        }
    }

    private static void checkSame(ModulePacket p, Str body) {
        if (!body.equals(p.body())) {
            throw new AssertionError("accepted dialog body re-encodes differently: " + p);
        }
    }

    /** Called after a first decode of the same input, which linked every call site on its path. */
    private static void assertAllocationBounded(byte[] input) {
        if (!AllocationMeter.isSupported()) {
            return;
        }
        long allocated = DecodeAllocation.measure(input);
        long limit = DecodeAllocation.limitFor(input.length);
        if (allocated > limit) {
            throw new AssertionError("decoding " + input.length + " bytes allocated " + allocated
                    + " bytes, over the limit of " + limit + ": " + hex(input));
        }
    }

    private static BinMessage decodeOrNull(byte[] input) {
        try {
            return BinCodec.decode(input);
        } catch (MalformedPacketException e) {
            return null;
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
