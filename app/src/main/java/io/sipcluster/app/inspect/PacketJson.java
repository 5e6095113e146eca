package io.sipcluster.app.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireName;
import io.sipcluster.wire.WireNames;
import io.sipcluster.wire.clusterer.ExtraMessage.Sync;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncChunk;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.mi.MiPacket;
import io.sipcluster.wire.mi.MiPacketType;
import io.sipcluster.wire.usrloc.UsrlocCodec;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import io.sipcluster.wire.usrloc.UsrlocPacket;
import io.sipcluster.wire.usrloc.UsrlocPacketType;
import io.sipcluster.wire.usrloc.UsrlocSyncRecord;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Decoded packets to JSON and back, with OpenSIPS's field names.
 *
 * <p>The mapping is derived from the wire records themselves (component names in snake_case, or their
 * {@link WireName}), so a field added to a record shows up here without a second list to keep in step. Counts
 * are not printed: they are the sizes of the arrays. A str that is not valid UTF-8 is printed as
 * {@code {"hex": "..."}} so that nothing is lost. The JSON of a packet encodes back to the same bytes.
 */
public final class PacketJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private PacketJson() {}

    // ---------------------------------------------------------------- packet -> JSON

    public static ObjectNode toJson(BinMessage m, int length) {
        ObjectNode o = F.objectNode();
        o.put("capability", m.capability().name());
        o.put("version", m.version());
        o.put("packet_type", m.packetType());
        String name = PacketTypes.name(m.capability(), m.packetType());
        if (name != null) {
            o.put("packet_type_name", name);
        }
        o.put("length", length);
        o.set("body", body(m));
        Trailer t = trailerOf(m);
        if (t != null) {
            o.set("trailer", trailerJson(t));
        }
        return o;
    }

    private static ObjectNode body(BinMessage m) {
        if (m instanceof Sync s) {
            ObjectNode b = F.objectNode();
            b.set("cap_name", str(s.capName()));
            b.put("data_version", s.dataVersion());
            ArrayNode chunks = b.putArray("chunk");
            s.chunks().forEach(c -> chunks.add(chunkJson(s, c)));
            return b;
        }
        if (m instanceof UsrlocPacket u) {
            return recordJson(u.message());
        }
        if (m instanceof ModulePacket p) {
            ObjectNode b = F.objectNode();
            b.put("body_hex", HEX.formatHex(p.body().toByteArray()));
            return b;
        }
        return recordJson(m);
    }

    /** usrloc sync chunks are shown decoded; others (a module we keep opaque) as hex. */
    private static ObjectNode chunkJson(Sync s, SyncChunk c) {
        if (s.capName().contentEquals(Capability.USRLOC.name()) && s.dataVersion() == UsrlocPacketType.VERSION) {
            try {
                UsrlocSyncRecord rec = UsrlocCodec.decodeSyncChunk(c.data());
                ObjectNode o = F.objectNode();
                o.put("is_contact", rec instanceof UsrlocMessage.ContactInsert ? 1 : 0);
                o.setAll(recordJson(rec));
                return o;
            } catch (MalformedPacketException e) {
                ObjectNode o = F.objectNode();
                o.put("data_hex", HEX.formatHex(c.data().toByteArray()));
                o.put("decode_error", e.getMessage());
                return o;
            }
        }
        ObjectNode o = F.objectNode();
        o.put("data_hex", HEX.formatHex(c.data().toByteArray()));
        return o;
    }

    private static ObjectNode recordJson(Object record) {
        ObjectNode o = F.objectNode();
        RecordComponent[] comps = record.getClass().getRecordComponents();
        if (isWrapper(record.getClass())) {
            return recordJson(get(comps[0], record)); // ContactInsert(contact): show the contact's fields
        }
        for (RecordComponent c : comps) {
            Object v = get(c, record);
            if (v == null || v instanceof Trailer) {
                continue;
            }
            o.set(wireName(c), valueJson(wireName(c), v));
        }
        return o;
    }

    private static JsonNode valueJson(String name, Object v) {
        if (v instanceof Str s) {
            return str(s);
        }
        if (v instanceof Integer i) {
            return F.numberNode(i);
        }
        if (v instanceof Long l) {
            // usrloc's contact_id is a uint64 in C; print it as OpenSIPS would.
            return name.equals("contact_id") ? F.numberNode(new BigInteger(Long.toUnsignedString(l))) : F.numberNode(l);
        }
        if (v instanceof List<?> list) {
            ArrayNode a = F.arrayNode();
            list.forEach(item -> a.add(valueJson(name, item)));
            return a;
        }
        if (v.getClass().isRecord()) {
            return recordJson(v);
        }
        throw new IllegalArgumentException("no JSON form for " + v.getClass());
    }

    private static JsonNode str(Str s) {
        if (s.isValidUtf8()) {
            return F.textNode(s.toString());
        }
        ObjectNode o = F.objectNode();
        o.put("hex", s.toHex());
        return o;
    }

    private static ObjectNode trailerJson(Trailer t) {
        ObjectNode o = F.objectNode();
        if (t instanceof Trailer.Bridge b) {
            o.put("src_cluster_id", b.srcClusterId());
            o.put("dst_cluster_id", b.dstClusterId());
        } else {
            o.put("cluster_id", ((Trailer.Node) t).clusterId());
        }
        o.put("src_node_id", t.srcNodeId());
        o.put("dst_node_id", t.dstNodeId());
        return o;
    }

    private static Trailer trailerOf(BinMessage m) {
        return m instanceof Routable r ? r.trailer() : null;
    }

    // ---------------------------------------------------------------- JSON -> packet

    /**
     * Builds the packet a JSON object describes. Needs {@code capability}, {@code packet_type} (or
     * {@code packet_type_name}), {@code body} and, except for clusterer-internal, {@code trailer}; {@code version}
     * defaults to the one this codec speaks; {@code length} and unknown keys are ignored.
     *
     * @throws IllegalArgumentException naming the JSON path that is missing or wrong
     */
    public static BinMessage fromJson(JsonNode json) {
        Capability cap = Capability.of(requireText(json, "capability"));
        int type = packetType(json, cap);
        JsonNode body = require(json, "body", "body");
        boolean internal = cap.equals(Capability.CLUSTERER_INTERNAL);
        Trailer trailer = internal ? null : trailerFromJson(require(json, "trailer", "trailer"));
        if (internal || cap.equals(Capability.CLUSTERER_EXTRA)) {
            Class<? extends BinMessage> cls = PacketTypes.clustererClass(cap, type);
            if (cls == null) {
                throw new IllegalArgumentException("packet_type: " + type + " is not a " + cap + " packet type");
            }
            if (cls == Sync.class) {
                return syncFromJson(body, trailer);
            }
            return recordFromJson(cls, body, trailer, "body");
        }
        int version = json.has("version") ? requireInt(json.get("version"), "version")
                : cap.equals(Capability.USRLOC) ? UsrlocPacketType.VERSION
                : cap.equals(Capability.SIPCLUSTER_MI) ? MiPacketType.VERSION : -1;
        if (cap.equals(Capability.USRLOC) && version == UsrlocPacketType.VERSION && !body.has("body_hex")) {
            Class<? extends UsrlocMessage> cls = PacketTypes.usrlocClass(type);
            if (cls == null) {
                throw new IllegalArgumentException("packet_type: " + type + " is not a usrloc packet type");
            }
            return new UsrlocPacket(recordFromJson(cls, body, null, "body"), trailer);
        }
        if (cap.equals(Capability.SIPCLUSTER_MI) && version == MiPacketType.VERSION && !body.has("body_hex")) {
            Class<? extends MiPacket> cls = PacketTypes.miClass(type);
            if (cls == null) {
                throw new IllegalArgumentException("packet_type: " + type + " is not a sipcluster-mi packet type");
            }
            return recordFromJson(cls, body, trailer, "body");
        }
        if (version < Short.MIN_VALUE || version > Short.MAX_VALUE) {
            throw new IllegalArgumentException("version: required for " + cap + ", and must fit in 16 bits");
        }
        return new ModulePacket(cap, version, type, hex(require(body, "body_hex", "body.body_hex"), "body.body_hex"),
                trailer);
    }

    private static int packetType(JsonNode json, Capability cap) {
        if (json.has("packet_type")) {
            return requireInt(json.get("packet_type"), "packet_type");
        }
        String name = requireText(json, "packet_type_name");
        for (int code = 0; code <= UsrlocPacketType.SYNC; code++) {
            if (name.equals(PacketTypes.name(cap, code))) {
                return code;
            }
        }
        throw new IllegalArgumentException("packet_type_name: unknown " + cap + " packet type " + name);
    }

    private static Sync syncFromJson(JsonNode body, Trailer trailer) {
        JsonNode chunks = require(body, "chunk", "body.chunk");
        if (!chunks.isArray()) {
            throw new IllegalArgumentException("body.chunk: must be an array");
        }
        List<SyncChunk> list = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            String path = "body.chunk[" + i + "]";
            JsonNode c = chunks.get(i);
            if (c.has("data_hex")) {
                list.add(new SyncChunk(hex(c.get("data_hex"), path + ".data_hex")));
                continue;
            }
            int isContact = requireInt(require(c, "is_contact", path + ".is_contact"), path + ".is_contact");
            Class<? extends UsrlocSyncRecord> cls = switch (isContact) {
                case 0 -> UsrlocMessage.AorInsert.class;
                case 1 -> UsrlocMessage.ContactInsert.class;
                default -> throw new IllegalArgumentException(path + ".is_contact: must be 0 or 1");
            };
            BinWriter w = new BinWriter();
            UsrlocCodec.writeSyncRecord(recordFromJson(cls, c, null, path), w);
            list.add(new SyncChunk(Str.copyOf(w.array(), 0, w.position())));
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("body.chunk: a SYNC packet carries at least one chunk");
        }
        Str cap = strFromJson(require(body, "cap_name", "body.cap_name"), "body.cap_name");
        int version = requireInt(require(body, "data_version", "body.data_version"), "body.data_version");
        return new Sync(cap, version, list, trailer);
    }

    private static <R> R recordFromJson(Class<R> cls, JsonNode json, Trailer trailer, String path) {
        if (!json.isObject()) {
            throw new IllegalArgumentException(path + ": must be an object");
        }
        RecordComponent[] comps = cls.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        boolean wrapper = isWrapper(cls);
        for (int i = 0; i < comps.length; i++) {
            RecordComponent c = comps[i];
            types[i] = c.getType();
            if (c.getType() == Trailer.class) {
                args[i] = trailer;
            } else if (wrapper) {
                args[i] = recordFromJson(c.getType(), json, null, path);
            } else {
                String key = wireName(c);
                args[i] = valueFromJson(c.getGenericType(), json.get(key), key, path + "." + key);
            }
        }
        try {
            Constructor<R> ctor = cls.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(path + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object valueFromJson(Type type, JsonNode v, String name, String path) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (v == null || v.isNull()) {
            if (raw.isRecord()) {
                return null; // an optional group, such as a topology entry's description
            }
            if (raw == List.class) {
                return List.of();
            }
            throw new IllegalArgumentException(path + ": missing");
        }
        if (raw == int.class || raw == Integer.class) {
            return requireInt(v, path);
        }
        if (raw == long.class) {
            return requireLong(v, path, name.equals("contact_id"));
        }
        if (raw == Str.class) {
            return strFromJson(v, path);
        }
        if (raw == List.class) {
            if (!v.isArray()) {
                throw new IllegalArgumentException(path + ": must be an array");
            }
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                out.add(valueFromJson(item, v.get(i), name, path + "[" + i + "]"));
            }
            return out;
        }
        if (raw.isRecord()) {
            return recordFromJson(raw, v, null, path);
        }
        throw new IllegalStateException("no JSON form for " + type);
    }

    private static Trailer trailerFromJson(JsonNode t) {
        int src = requireInt(require(t, "src_node_id", "trailer.src_node_id"), "trailer.src_node_id");
        if (t.has("src_cluster_id")) {
            return new Trailer.Bridge(requireInt(t.get("src_cluster_id"), "trailer.src_cluster_id"),
                    requireInt(require(t, "dst_cluster_id", "trailer.dst_cluster_id"), "trailer.dst_cluster_id"), src);
        }
        try {
            return new Trailer.Node(requireInt(require(t, "cluster_id", "trailer.cluster_id"), "trailer.cluster_id"),
                    src, requireInt(require(t, "dst_node_id", "trailer.dst_node_id"), "trailer.dst_node_id"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trailer: " + e.getMessage(), e);
        }
    }

    private static Str strFromJson(JsonNode v, String path) {
        if (v.isTextual()) {
            return Str.of(v.asText());
        }
        if (v.isObject() && v.has("hex")) {
            return hex(v.get("hex"), path + ".hex");
        }
        throw new IllegalArgumentException(path + ": must be a string or {\"hex\": \"...\"}");
    }

    private static Str hex(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException(path + ": must be a hex string");
        }
        try {
            return Str.ofBytes(HEX.parseHex(v.asText()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": not hex: " + e.getMessage(), e);
        }
    }

    private static JsonNode require(JsonNode o, String key, String path) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(path + ": missing");
        }
        return v;
    }

    private static String requireText(JsonNode o, String key) {
        JsonNode v = require(o, key, key);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(key + ": must be a string");
        }
        return v.asText();
    }

    private static int requireInt(JsonNode v, String path) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(path + ": must be a 32-bit integer");
        }
        return v.intValue();
    }

    private static long requireLong(JsonNode v, String path, boolean unsigned) {
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(path + ": must be an integer");
        }
        BigInteger b = v.bigIntegerValue();
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.valueOf(Long.MIN_VALUE);
        BigInteger max = unsigned ? UINT64_MAX : BigInteger.valueOf(Long.MAX_VALUE);
        if (b.compareTo(min) < 0 || b.compareTo(max) > 0) {
            throw new IllegalArgumentException(path + ": out of range [" + min + ", " + max + "]");
        }
        return b.longValue();
    }

    // ---------------------------------------------------------------- records

    /** A record whose only component is another record (ContactInsert(contact)) is shown as that record. */
    private static boolean isWrapper(Class<?> cls) {
        RecordComponent[] comps = cls.getRecordComponents();
        return comps.length == 1 && comps[0].getType().isRecord();
    }

    private static String wireName(RecordComponent c) {
        return WireNames.of(c);
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
