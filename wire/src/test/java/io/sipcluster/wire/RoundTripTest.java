package io.sipcluster.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipcluster.wire.clusterer.ExtraMessage.Sync;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncChunk;
import io.sipcluster.wire.testing.MessageGenerator;
import io.sipcluster.wire.usrloc.UsrlocCodec;
import io.sipcluster.wire.usrloc.UsrlocPacketType;
import io.sipcluster.wire.usrloc.UsrlocSyncRecord;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every valid message survives encode then decode unchanged, and what we decode we re-encode to the same bytes. */
class RoundTripTest {
    private static final int MESSAGES_PER_SEED = 4000;
    private static final int RECORDS_PER_SEED = 2000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 20_260_101, -7_777_777_777L})
    void generatedMessagesDecodeToThemselvesAndReEncodeToTheSameBytes(long seed) {
        MessageGenerator gen = new MessageGenerator(seed);
        for (int i = 0; i < MESSAGES_PER_SEED; i++) {
            BinMessage m = gen.next();
            String where = "seed " + seed + ", message " + i + " (" + m.getClass().getSimpleName() + ")";
            byte[] bytes = BinCodec.encode(m);
            assertThat(bytes.length).as(where).isBetween(WireLimits.MIN_PACKET_BYTES, WireLimits.MAX_PACKET_BYTES);

            BinMessage decoded = decode(bytes, where);

            assertThat(decoded).as(where).isEqualTo(m);
            assertThat(BinCodec.encode(decoded)).as(where).isEqualTo(bytes);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 99})
    void usrlocSyncRecordsDecodeFromTheirChunkToThemselves(long seed) throws Exception {
        MessageGenerator gen = new MessageGenerator(seed);
        for (int i = 0; i < RECORDS_PER_SEED; i++) {
            UsrlocSyncRecord rec = gen.syncRecord();
            Str chunk = chunkOf(rec);

            UsrlocSyncRecord decoded = UsrlocCodec.decodeSyncChunk(chunk);

            assertThat(decoded).as("seed %d, record %d", seed, i).isEqualTo(rec);
            assertThat(chunkOf(decoded)).as("seed %d, record %d", seed, i).isEqualTo(chunk);
        }
    }

    /** The chunks inside generated usrloc SYNC packets are real usrloc records, not just bytes that travel. */
    @Test
    void generatedUsrlocSyncPacketsCarryDecodableChunks() throws Exception {
        MessageGenerator gen = new MessageGenerator(5);
        int chunks = 0;
        for (int i = 0; i < 400; i++) {
            Sync s = (Sync) gen.next(MessageGenerator.Kind.SYNC);
            if (s.dataVersion() != UsrlocPacketType.VERSION || !s.capName().contentEquals(Capability.USRLOC.name())) {
                continue;
            }
            for (SyncChunk c : s.chunks()) {
                assertThat(chunkOf(UsrlocCodec.decodeSyncChunk(c.data()))).as("seed 5, message %d", i)
                        .isEqualTo(c.data());
                chunks++;
            }
        }
        assertThat(chunks).isGreaterThan(100);
    }

    @Test
    void aPacketOfExactlyTheMaximumSizeRoundTripsAndOneByteMoreIsNeverEncoded() throws Exception {
        Trailer.Node trailer = new Trailer.Node(1, 2, 3);
        int overhead = 16 + Capability.DIALOG.name().length() + trailer.byteLength();
        ModulePacket largest = new ModulePacket(Capability.DIALOG, 1, 7,
                Str.ofBytes(new byte[WireLimits.MAX_PACKET_BYTES - overhead]), trailer);

        byte[] bytes = BinCodec.encode(largest);

        assertThat(bytes).hasSize(WireLimits.MAX_PACKET_BYTES);
        assertThat(BinCodec.decode(bytes)).isEqualTo(largest);
        ModulePacket tooLarge = new ModulePacket(Capability.DIALOG, 1, 7,
                Str.ofBytes(new byte[WireLimits.MAX_PACKET_BYTES - overhead + 1]), trailer);
        assertThatThrownBy(() -> BinCodec.encode(tooLarge)).isInstanceOf(PacketTooLargeException.class);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {Short.MIN_VALUE, -1, 0, 5, Short.MAX_VALUE})
    void moduleVersionsRoundTripAcrossTheSigned16BitHeaderField(int version) throws Exception {
        ModulePacket p = new ModulePacket(Capability.DIALOG, version, 1, Str.of("body"), new Trailer.Bridge(1, 2, 3));

        assertThat(BinCodec.decode(BinCodec.encode(p))).isEqualTo(p);
    }

    /**
     * The header cuts a version to 16 bits: before the constructor refused them, a usrloc packet of version 65541
     * was sent as version 5 and came back as a typed UsrlocPacket instead of the opaque one.
     */
    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {Short.MAX_VALUE + 1, Short.MIN_VALUE - 1, 65_541, Integer.MAX_VALUE})
    void moduleVersionsThatTheHeaderCannotHoldAreRefused(int version) {
        assertThatThrownBy(() -> new ModulePacket(Capability.USRLOC, version, 1, Str.EMPTY, new Trailer.Node(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16-bit");
    }

    private static BinMessage decode(byte[] bytes, String where) {
        try {
            return BinCodec.decode(bytes);
        } catch (MalformedPacketException e) {
            throw new AssertionError(where + ": own encoding refused: " + e.getMessage(), e);
        }
    }

    private static Str chunkOf(UsrlocSyncRecord rec) {
        BinWriter w = new BinWriter();
        UsrlocCodec.writeSyncRecord(rec, w);
        return Str.ofBytes(Arrays.copyOf(w.array(), w.position()));
    }
}
