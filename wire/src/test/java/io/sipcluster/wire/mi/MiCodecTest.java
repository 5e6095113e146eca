package io.sipcluster.wire.mi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code sipcluster-mi} packets: their exact layout, the limits on what is read, and round trips. */
class MiCodecTest {
    private static final Trailer.Node TRAILER = new Trailer.Node(1, 2, 3);

    @Test
    void aRequestIsLaidOutAsDocumented() {
        MiPacket.Request q = new MiPacket.Request(0x0102030405060708L, Str.of("ul_dump"),
                List.of(Str.of("brief")), TRAILER);

        byte[] bytes = BinCodec.encode(q);

        String expected = "5034434b" // "P4CK"
                + "45000000" // pkg_len 69
                + "0100" + "0d00" + hex("sipcluster-mi") // version 1, capability
                + "01000000" // REQUEST
                + "0807060504030201" // request_id, little-endian
                + "0700" + hex("ul_dump") + "01000000" + "0500" + hex("brief")
                + "01000000" + "02000000" + "03000000"; // trailer
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(expected);
    }

    @Test
    void aReplyIsLaidOutAsDocumented() {
        MiPacket.Reply p = new MiPacket.Reply(7, MiPacket.Reply.STATUS_OK, Str.of("{}"), TRAILER);

        byte[] bytes = BinCodec.encode(p);

        String body = "0700000000000000" + "c8000000" + "0200" + hex("{}");
        assertThat(HexFormat.of().formatHex(bytes)).endsWith("02000000" + body + "010000000200000003000000");
    }

    @Test
    void packetsWithEdgeValuesRoundTrip() throws Exception {
        List<Str> twenty = new ArrayList<>();
        for (int i = 0; i < WireLimits.MAX_MI_PARAMS; i++) {
            twenty.add(Str.ofBytes(new byte[] {(byte) 0xff, (byte) i}));
        }
        List<MiPacket> packets = List.of(
                new MiPacket.Request(-1, Str.EMPTY, List.of(), TRAILER),
                new MiPacket.Request(Long.MIN_VALUE, Str.ofBytes(new byte[WireLimits.MAX_MI_COMMAND_BYTES]), twenty,
                        new Trailer.Bridge(4, 5, 6)),
                new MiPacket.Reply(Long.MAX_VALUE, Integer.MIN_VALUE, Str.EMPTY, TRAILER),
                new MiPacket.Reply(0, 500, Str.of("Destination down \u00e9"), TRAILER));
        for (MiPacket p : packets) {
            byte[] bytes = BinCodec.encode(p);
            assertThat(BinCodec.decode(bytes)).isEqualTo(p);
            assertThat(BinCodec.encode(BinCodec.decode(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void aReplyMayFillAWholePacket() throws Exception {
        int overhead = 16 + Capability.SIPCLUSTER_MI.name().length() + 8 + 4 + 2 + TRAILER.byteLength();
        MiPacket.Reply largest = new MiPacket.Reply(1, 200, Str.ofBytes(new byte[WireLimits.MAX_PACKET_BYTES - overhead]),
                TRAILER);
        assertThat(BinCodec.decode(BinCodec.encode(largest))).isEqualTo(largest);
    }

    @Test
    void moreParametersOrALongerNameThanTheLimitsAreRefusedOnBothSides() {
        assertThatThrownBy(() -> new MiPacket.Request(1, Str.of("x"),
                java.util.Collections.nCopies(WireLimits.MAX_MI_PARAMS + 1, Str.EMPTY), TRAILER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MiPacket.Request(1, Str.ofBytes(new byte[WireLimits.MAX_MI_COMMAND_BYTES + 1]),
                List.of(), TRAILER)).isInstanceOf(IllegalArgumentException.class);

        assertRefused(request(w -> w.writeStr(Str.of("cmd")).writeInt(WireLimits.MAX_MI_PARAMS + 1)),
                "MI_REQUEST.no_params");
        assertRefused(request(w -> w.writeStr(Str.of("cmd")).writeInt(Integer.MAX_VALUE)), "MI_REQUEST.no_params");
        assertRefused(request(w -> w.writeStr(Str.of("cmd")).writeInt(-1)), "MI_REQUEST.no_params");
        assertRefused(request(w -> w.writeStr(Str.of("cmd")).writeInt(3).writeStr(Str.of("a"))),
                "MI_REQUEST.no_params");
        assertRefused(request(w -> w.writeStr(Str.ofBytes(new byte[WireLimits.MAX_MI_COMMAND_BYTES + 1]))
                .writeInt(0)), "MI_REQUEST.cmd_name");
    }

    @Test
    void truncatedOrPaddedBodiesAreRefused() {
        assertRefused(packet(MiPacketType.REPLY, w -> w.writeInt(7)), "MI_REPLY.request_id");
        assertRefused(packet(MiPacketType.REPLY, w -> w.writeLong(7).writeInt(200)), "MI_REPLY.body");
        assertRefused(packet(MiPacketType.REPLY, w -> w.writeLong(7).writeInt(200).writeStr(Str.EMPTY).writeInt(0)),
                "MI_REPLY");
    }

    @Test
    void aTypeOfALaterVersionIsKeptOpaqueSoThatItCanBeRelayed() throws Exception {
        byte[] bytes = packet(3, w -> w.writeInt(42));

        ModulePacket p = (ModulePacket) BinCodec.decode(bytes);

        assertThat(p.capability()).isEqualTo(Capability.SIPCLUSTER_MI);
        assertThat(p.trailer()).isEqualTo(TRAILER);
        assertThat(BinCodec.encode(p)).isEqualTo(bytes);
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static byte[] request(java.util.function.Consumer<BinWriter> body) {
        return packet(MiPacketType.REQUEST, w -> body.accept(w.writeLong(9)));
    }

    private static byte[] packet(int type, java.util.function.Consumer<BinWriter> body) {
        BinWriter w = new BinWriter().begin(Capability.SIPCLUSTER_MI, MiPacketType.VERSION, type);
        body.accept(w);
        TRAILER.writeTo(w);
        return w.toByteArray();
    }

    private static void assertRefused(byte[] packet, String field) {
        assertThatThrownBy(() -> BinCodec.decode(packet))
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
