package io.sipcluster.wire.testing;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.ExtraMessage;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncChunk;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.clusterer.InternalMessage.CapabilityState;
import io.sipcluster.wire.clusterer.InternalMessage.LsUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.NodeCapabilities;
import io.sipcluster.wire.clusterer.InternalMessage.NodeInfo;
import io.sipcluster.wire.clusterer.InternalMessage.TopologyEntry;
import io.sipcluster.wire.mi.MiPacket;
import io.sipcluster.wire.usrloc.ContactData;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocCodec;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import io.sipcluster.wire.usrloc.UsrlocMessage.AorInsert;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactInsert;
import io.sipcluster.wire.usrloc.UsrlocPacket;
import io.sipcluster.wire.usrloc.UsrlocPacketType;
import io.sipcluster.wire.usrloc.UsrlocSyncRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Valid random BIN messages of every type, reproducible from a seed: the same seed always gives the same messages,
 * so a seed printed by a failing test is enough to replay it.
 *
 * <p>"Valid" means what a correct peer could send: every count within {@link WireLimits}, every packet within
 * {@link WireLimits#MAX_PACKET_BYTES}, every str within 65535 bytes. Within that, values lean on the edges: empty,
 * non-ASCII and non-UTF-8 strings, 0 / -1 / MIN / MAX integers, lists of 0, 1 and the maximum number of elements.
 * Not thread-safe.
 */
public final class MessageGenerator {
    /** Every message type the codec has a record for; {@link #MODULE_PACKET} is an opaque module body. */
    public enum Kind {
        PING, PONG, LS_UPDATE, FULL_TOP_UPDATE, UNKNOWN_ID, NODE_DESCRIPTION, CAP_UPDATE,
        REMOVE_NODE, GENERIC_MSG, MI_CMD, SYNC_REQ, SYNC, SYNC_END, SHTAG_ACTIVE,
        AOR_INSERT, AOR_DELETE, CONTACT_INSERT, CONTACT_UPDATE, CONTACT_DELETE,
        MI_REQUEST, MI_REPLY,
        MODULE_PACKET
    }

    private static final Kind[] KINDS = Kind.values();
    /** Header without the capability name ("P4CK", pkg_len, version, cap_len, packet_type). */
    private static final int FIXED_HEADER = 16;
    /** The longer of the two trailers (bridge). */
    private static final int MAX_TRAILER = 16;
    /**
     * Fixed-size fields and the length prefixes of single strs are not drawn from the budget one by one; their
     * largest total in any message (a contact: 13 str lengths, raw longs and ints; a SYNC with its one forced
     * chunk) stays below this.
     */
    private static final int FIXED_FIELDS_RESERVE = 256;
    /** Sync chunks per SYNC packet in generated messages; the protocol has no limit but the packet size. */
    private static final int MAX_SYNC_CHUNKS = 64;
    /** Fixed bytes of a sync chunk: framing, is_contact, a contact's ints, raw values and 13 str lengths. */
    private static final int SYNC_CHUNK_FIXED = 8 + 4 + 64 + 2 * 13;
    private static final Capability[] MODULE_CAPABILITIES = {
        Capability.DIALOG, Capability.DIALOG_PROFILES, Capability.RATELIMIT, Capability.DROUTING,
        Capability.DISPATCHER,
    };

    private final long seed;
    private final SplittableRandom random;
    private final RandomValues values;
    private final RealisticContacts realistic;

    public MessageGenerator(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.values = new RandomValues(random);
        this.realistic = new RealisticContacts(random);
    }

    public long seed() {
        return seed;
    }

    public RandomValues values() {
        return values;
    }

    /** A message of a random kind. */
    public BinMessage next() {
        return next(KINDS[random.nextInt(KINDS.length)]);
    }

    public BinMessage next(Kind kind) {
        return switch (kind) {
            case PING, PONG, LS_UPDATE, FULL_TOP_UPDATE, UNKNOWN_ID, NODE_DESCRIPTION, CAP_UPDATE ->
                    new InternalMessages(values, budgetFor(Capability.CLUSTERER_INTERNAL)).next(kind);
            case REMOVE_NODE, GENERIC_MSG, MI_CMD, SYNC_REQ, SYNC, SYNC_END, SHTAG_ACTIVE -> extra(kind);
            case AOR_INSERT, AOR_DELETE, CONTACT_INSERT, CONTACT_UPDATE, CONTACT_DELETE ->
                    new UsrlocPacket(usrloc(kind, budgetFor(Capability.USRLOC)), trailer());
            case MI_REQUEST, MI_REPLY -> mi(kind, budgetFor(Capability.SIPCLUSTER_MI));
            case MODULE_PACKET -> modulePacket();
        };
    }

    /** One usrloc sync record (an AoR or a contact), as a donor puts into each sync chunk. */
    public UsrlocSyncRecord syncRecord() {
        return syncRecord(new ByteBudget(WireLimits.MAX_PACKET_BYTES / 4));
    }

    /** Node addressing (most packets) or bridge addressing, with edge ids. */
    public Trailer trailer() {
        if (values.chance(30)) {
            return new Trailer.Bridge(values.anInt(), values.anInt(), values.anInt());
        }
        int dst = values.anInt();
        return new Trailer.Node(values.anInt(), values.anInt(), dst == Trailer.BRIDGE_DST_ID ? dst + 1 : dst);
    }

    // ---------------------------------------------------------------- for benchmarks

    /** A contact insert as a real registration produces it (typical URIs, Call-ID and User-Agent lengths). */
    public ContactInsert randomContactInsert() {
        return new ContactInsert(realistic.next());
    }

    /** {@link #randomContactInsert()} in a packet from node 1 to node 2 of cluster 1. */
    public UsrlocPacket randomContactInsertPacket() {
        return new UsrlocPacket(randomContactInsert(), new Trailer.Node(1, 1, 2));
    }

    // ---------------------------------------------------------------- clusterer-extra

    private ExtraMessage extra(Kind kind) {
        ByteBudget b = budgetFor(Capability.CLUSTERER_EXTRA);
        Trailer t = trailer();
        return switch (kind) {
            case REMOVE_NODE -> new ExtraMessage.RemoveNode(values.anInt(), t);
            case GENERIC_MSG -> new ExtraMessage.GenericMsg(values.oneOf(0, 1, -1, Integer.MAX_VALUE),
                    values.str(b), values.str(b), t);
            case MI_CMD -> new ExtraMessage.MiCmd(values.str(b), strList(WireLimits.MAX_MI_PARAMS, b), t);
            case SYNC_REQ -> new ExtraMessage.SyncReq(capName(b), t);
            case SYNC -> sync(b, t);
            case SYNC_END -> new ExtraMessage.SyncEnd(capName(b), values.anInt(), t);
            case SHTAG_ACTIVE -> new ExtraMessage.ShtagActive(values.str(b), t);
            default -> throw new IllegalArgumentException(kind + " is not a clusterer-extra message");
        };
    }

    /** Half usrloc data (chunks written by the usrloc codec), half opaque chunks of another module. */
    private ExtraMessage.Sync sync(ByteBudget b, Trailer t) {
        boolean usrloc = values.chance(50);
        Str cap = usrloc ? Str.of(Capability.USRLOC.name()) : capName(b);
        int n = Math.max(1, values.count(MAX_SYNC_CHUNKS, SYNC_CHUNK_FIXED, b));
        List<SyncChunk> chunks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chunks.add(new SyncChunk(usrloc ? syncChunkBytes(syncRecord(b)) : values.str(b)));
        }
        return new ExtraMessage.Sync(cap, usrloc ? UsrlocPacketType.VERSION : values.anInt(), chunks, t);
    }

    private static Str syncChunkBytes(UsrlocSyncRecord rec) {
        BinWriter w = new BinWriter(); // no begin(): the writer holds just the chunk contents
        UsrlocCodec.writeSyncRecord(rec, w);
        return Str.ofBytes(Arrays.copyOf(w.array(), w.position()));
    }

    private Str capName(ByteBudget b) {
        if (values.chance(50)) {
            return values.str(b);
        }
        Capability c = values.chance(50) ? Capability.USRLOC : moduleCapability();
        b.take(c.name().length());
        return Str.of(c.name());
    }

    // ---------------------------------------------------------------- usrloc

    private UsrlocMessage usrloc(Kind kind, ByteBudget b) {
        return switch (kind) {
            case AOR_INSERT -> aorInsert(b);
            case AOR_DELETE -> new UsrlocMessage.AorDelete(values.str(b), values.str(b));
            case CONTACT_INSERT -> new ContactInsert(contact(b));
            case CONTACT_UPDATE -> new UsrlocMessage.ContactUpdate(contact(b));
            case CONTACT_DELETE -> new UsrlocMessage.ContactDelete(values.str(b), values.str(b), values.str(b),
                    values.str(b), values.anInt(), contactMatch(b));
            default -> throw new IllegalArgumentException(kind + " is not a usrloc message");
        };
    }

    private UsrlocSyncRecord syncRecord(ByteBudget b) {
        return values.chance(50) ? aorInsert(b) : new ContactInsert(contact(b));
    }

    private AorInsert aorInsert(ByteBudget b) {
        return new AorInsert(values.str(b), values.str(b), values.anInt(), values.anInt(), values.str(b));
    }

    private ContactData contact(ByteBudget b) {
        return new ContactData(values.str(b), values.str(b), values.str(b), values.aLong(), values.str(b),
                values.str(b), values.str(b), values.str(b), values.str(b), values.str(b), values.aLong(),
                values.chance(30) ? ContactData.Q_UNSET : values.anInt(), values.str(b), values.anInt(),
                values.anInt(), values.str(b), values.anInt(), values.aLong(), values.str(b), contactMatch(b));
    }

    private ContactMatch contactMatch(ByteBudget b) {
        int mode = values.oneOf(ContactMatch.NONE, ContactMatch.CONTACT_ONLY, ContactMatch.CONTACT_CALLID,
                ContactMatch.PARAMS);
        List<Str> params = mode == ContactMatch.PARAMS ? strList(WireLimits.MAX_CMATCH_PARAMS, b) : List.of();
        return new ContactMatch(mode, params);
    }

    // ---------------------------------------------------------------- sipcluster-mi

    private MiPacket mi(Kind kind, ByteBudget b) {
        if (kind == Kind.MI_REPLY) {
            return new MiPacket.Reply(values.aLong(), values.oneOf(MiPacket.Reply.STATUS_OK, 400, 404, 500, -1),
                    values.str(b), trailer());
        }
        Str name = values.str(new ByteBudget(Math.min(WireLimits.MAX_MI_COMMAND_BYTES, b.remaining())));
        b.take(name.length());
        return new MiPacket.Request(values.aLong(), name, strList(WireLimits.MAX_MI_PARAMS, b), trailer());
    }

    // ---------------------------------------------------------------- module packets

    /** Opaque bodies: known modules we keep opaque, usrloc data versions we do not speak, unknown modules. */
    private ModulePacket modulePacket() {
        Capability cap = switch (values.nextInt(3)) {
            case 0 -> moduleCapability();
            case 1 -> Capability.USRLOC;
            default -> unknownCapability();
        };
        int version = values.aShort();
        if (cap.equals(Capability.USRLOC) && version == UsrlocPacketType.VERSION) {
            version++; // v5 decodes as a typed UsrlocPacket, not as an opaque one
        }
        return new ModulePacket(cap, version, values.anInt(), values.str(budgetFor(cap)), trailer());
    }

    private Capability moduleCapability() {
        return MODULE_CAPABILITIES[values.nextInt(MODULE_CAPABILITIES.length)];
    }

    /** Any ISO-8859-1 name, 1 to 255 characters, that is not one of the clusterer's own capabilities. */
    private Capability unknownCapability() {
        int len = values.chance(10) ? WireLimits.MAX_CAPABILITY_BYTES : 1 + values.nextInt(40);
        char[] name = new char[len];
        for (int i = 0; i < len; i++) {
            name[i] = (char) values.nextInt(256);
        }
        Capability c = Capability.of(new String(name));
        boolean clusterer = c.equals(Capability.CLUSTERER_INTERNAL) || c.equals(Capability.CLUSTERER_EXTRA);
        return clusterer ? Capability.DIALOG : c;
    }

    // ---------------------------------------------------------------- shared

    private List<Str> strList(int max, ByteBudget b) {
        int n = values.count(max, 2, b);
        List<Str> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(values.str(b));
        }
        return list;
    }

    private static ByteBudget budgetFor(Capability cap) {
        return new ByteBudget(WireLimits.MAX_PACKET_BYTES - FIXED_HEADER - cap.name().length() - MAX_TRAILER
                - FIXED_FIELDS_RESERVE);
    }

    /** The seven {@code clusterer-internal} messages, each built within one budget. */
    private static final class InternalMessages {
        private final RandomValues values;
        private final ByteBudget b;

        InternalMessages(RandomValues values, ByteBudget budget) {
            this.values = values;
            this.b = budget;
        }

        InternalMessage next(Kind kind) {
            int cluster = values.anInt();
            int src = values.anInt();
            return switch (kind) {
                case PING -> new InternalMessage.Ping(cluster, src, values.oneOf(0, 1, -1, Integer.MIN_VALUE));
                case PONG -> new InternalMessage.Pong(cluster, src, intList(WireLimits.MAX_NODES));
                case LS_UPDATE -> new InternalMessage.LsUpdate(cluster, src, values.anInt(), values.anInt(),
                        values.anInt(), values.oneOf(LsUpdate.LINK_UP, LsUpdate.LINK_DOWN, Integer.MAX_VALUE), path());
                case FULL_TOP_UPDATE -> new InternalMessage.FullTopUpdate(cluster, src, values.anInt(), values.anInt(),
                        topology(), path());
                case UNKNOWN_ID -> new InternalMessage.UnknownId(cluster, src);
                case NODE_DESCRIPTION -> new InternalMessage.NodeDescription(cluster, src, values.str(b),
                        values.str(b), values.anInt(), values.anInt(), path());
                case CAP_UPDATE -> new InternalMessage.CapUpdate(cluster, src, values.anInt(), values.anInt(),
                        capabilities(), values.oneOf(0, 1, -1), path());
                default -> throw new IllegalArgumentException(kind + " is not a clusterer-internal message");
            };
        }

        /** Entries of 5 ints at least (node_id, has_descr, ls_seq_no, ls_timestamp, no_neigh). */
        private List<TopologyEntry> topology() {
            int n = values.count(WireLimits.MAX_NODES, 20, b);
            List<TopologyEntry> nodes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                NodeInfo descr = null;
                if (values.chance(50) && b.remaining() >= 12) {
                    b.take(12); // two ints and two str lengths
                    descr = new NodeInfo(values.str(b), values.str(b), values.anInt(), values.anInt());
                }
                nodes.add(new TopologyEntry(values.anInt(), descr, values.anInt(), values.anInt(),
                        intList(WireLimits.MAX_NEIGHBOURS)));
            }
            return nodes;
        }

        /** Node entries of 2 ints at least (node_id, nr_cap), capabilities of a str and an int. */
        private List<NodeCapabilities> capabilities() {
            int n = values.count(WireLimits.MAX_NODES, 8, b);
            List<NodeCapabilities> nodes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int caps = values.count(WireLimits.MAX_CAPABILITIES_PER_NODE, 2 + 4, b);
                List<CapabilityState> list = new ArrayList<>(caps);
                for (int c = 0; c < caps; c++) {
                    list.add(new CapabilityState(values.str(b), values.oneOf(0, 1, -1, Integer.MAX_VALUE)));
                }
                nodes.add(new NodeCapabilities(values.anInt(), list));
            }
            return nodes;
        }

        private List<Integer> path() {
            return intList(WireLimits.MAX_PATH);
        }

        private List<Integer> intList(int max) {
            int n = values.count(max, 4, b);
            List<Integer> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(values.anInt());
            }
            return list;
        }
    }
}
