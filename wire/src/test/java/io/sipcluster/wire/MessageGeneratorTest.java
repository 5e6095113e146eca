package io.sipcluster.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.wire.clusterer.ClustererPacketType;
import io.sipcluster.wire.clusterer.ExtraMessage;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.mi.MiPacket;
import io.sipcluster.wire.testing.MessageGenerator;
import io.sipcluster.wire.testing.MessageGenerator.Kind;
import io.sipcluster.wire.testing.RandomValues;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import io.sipcluster.wire.usrloc.UsrlocPacket;
import io.sipcluster.wire.usrloc.UsrlocPacketType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** The generator is only as good as what it covers: every type, the limits, and the awkward values. */
class MessageGeneratorTest {
    private static final int SAMPLE = 6000;

    @Test
    void theSameSeedGivesTheSameMessages() {
        MessageGenerator a = new MessageGenerator(5);
        MessageGenerator b = new MessageGenerator(5);
        MessageGenerator other = new MessageGenerator(6);
        boolean differs = false;
        for (int i = 0; i < 500; i++) {
            BinMessage m = a.next();
            assertThat(b.next()).as("message %d", i).isEqualTo(m);
            differs |= !other.next().equals(m);
        }
        assertThat(differs).as("another seed gives other messages").isTrue();
    }

    @Test
    void everyKindWithBothTrailersIsGenerated() {
        MessageGenerator gen = new MessageGenerator(8);
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        Set<String> trailers = new HashSet<>();
        for (int i = 0; i < SAMPLE; i++) {
            BinMessage m = gen.next();
            kinds.add(kindOf(m));
            Trailer t = trailerOf(m);
            if (t != null) {
                trailers.add(kindOf(m).name().startsWith("MODULE") ? "module " + t.getClass().getSimpleName()
                        : t.getClass().getSimpleName());
            }
        }
        assertThat(kinds).containsExactlyInAnyOrder(Kind.values());
        assertThat(trailers).contains("Node", "Bridge", "module Node", "module Bridge");
    }

    @Test
    void listsReachTheirLimits() {
        MessageGenerator gen = new MessageGenerator(9);
        assertThat(largest(gen, Kind.PONG, m -> ((InternalMessage.Pong) m).nodeIds().size()))
                .isEqualTo(WireLimits.MAX_NODES);
        assertThat(largest(gen, Kind.MI_CMD, m -> ((ExtraMessage.MiCmd) m).params().size()))
                .isEqualTo(WireLimits.MAX_MI_PARAMS);
        assertThat(largest(gen, Kind.MI_REQUEST, m -> ((MiPacket.Request) m).params().size()))
                .isEqualTo(WireLimits.MAX_MI_PARAMS);
        assertThat(largest(gen, Kind.LS_UPDATE, m -> ((InternalMessage.LsUpdate) m).path().size()))
                .isEqualTo(WireLimits.MAX_PATH);
        assertThat(largest(gen, Kind.CAP_UPDATE, m -> ((InternalMessage.CapUpdate) m).nodes().stream()
                .mapToInt(n -> n.capabilities().size()).max().orElse(0)))
                .isEqualTo(WireLimits.MAX_CAPABILITIES_PER_NODE);
        assertThat(largest(gen, Kind.CONTACT_DELETE, m -> ((UsrlocMessage.ContactDelete) ((UsrlocPacket) m).message())
                .cmatch().params().size())).isEqualTo(WireLimits.MAX_CMATCH_PARAMS);
    }

    @Test
    void somePacketsComeCloseToTheMaximumSize() {
        MessageGenerator gen = new MessageGenerator(10);
        int largest = 0;
        for (int i = 0; i < SAMPLE; i++) {
            largest = Math.max(largest, BinCodec.encode(gen.next()).length);
        }
        assertThat(largest).isBetween(WireLimits.MAX_PACKET_BYTES - 2048, WireLimits.MAX_PACKET_BYTES);
    }

    @Test
    void stringsAreEmptyNonAsciiAndNotUtf8AtAll() {
        RandomValues values = new MessageGenerator(12).values();
        List<Str> strs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            strs.add(Str.ofBytes(values.bytes(values.nextInt(40))));
        }
        assertThat(strs).anyMatch(Str::isEmpty)
                .anyMatch(s -> s.isValidUtf8() && !s.toString().chars().allMatch(c -> c < 0x80))
                .anyMatch(s -> s.toString().codePoints().anyMatch(Character::isSupplementaryCodePoint))
                .anyMatch(s -> !s.isValidUtf8());
    }

    @Test
    void integersIncludeTheEdges() {
        RandomValues values = new MessageGenerator(13).values();
        Set<Integer> ints = new HashSet<>();
        Set<Long> longs = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ints.add(values.anInt());
            longs.add(values.aLong());
        }
        assertThat(ints).contains(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertThat(longs).contains(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Test
    void benchmarkContactsLookLikeRealRegistrations() throws Exception {
        UsrlocPacket p = new MessageGenerator(14).randomContactInsertPacket();
        UsrlocMessage.ContactInsert insert = (UsrlocMessage.ContactInsert) p.message();
        byte[] bytes = BinCodec.encode(p);

        assertThat(insert.contact().contactUri().toString()).startsWith("sip:user").contains(";rinstance=");
        assertThat(insert.contact().aor().isValidUtf8()).isTrue();
        assertThat(insert.contact().cmatch()).isEqualTo(ContactMatch.BY_CALLID);
        assertThat(bytes.length).isBetween(300, 700);
        assertThat(BinCodec.decode(bytes)).isEqualTo(p);
        assertThat(new MessageGenerator(14).randomContactInsert()).isEqualTo(insert);
    }

    private static int largest(MessageGenerator gen, Kind kind, ToIntFunction<BinMessage> size) {
        int max = 0;
        for (int i = 0; i < SAMPLE / 4; i++) {
            max = Math.max(max, size.applyAsInt(gen.next(kind)));
        }
        return max;
    }

    private static Kind kindOf(BinMessage m) {
        if (m instanceof InternalMessage i) {
            return Kind.valueOf(i.type().name());
        }
        if (m instanceof ExtraMessage e) {
            return Kind.valueOf(e.type().name());
        }
        if (m instanceof UsrlocPacket u) {
            return switch (u.packetType()) {
                case UsrlocPacketType.AOR_INSERT -> Kind.AOR_INSERT;
                case UsrlocPacketType.AOR_DELETE -> Kind.AOR_DELETE;
                case UsrlocPacketType.CONTACT_INSERT -> Kind.CONTACT_INSERT;
                case UsrlocPacketType.CONTACT_UPDATE -> Kind.CONTACT_UPDATE;
                default -> Kind.CONTACT_DELETE;
            };
        }
        if (m instanceof MiPacket p) {
            return p instanceof MiPacket.Request ? Kind.MI_REQUEST : Kind.MI_REPLY;
        }
        return Kind.MODULE_PACKET;
    }

    private static Trailer trailerOf(BinMessage m) {
        return m instanceof Routable r ? r.trailer() : null;
    }
}
