package io.sipcluster.sim;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.wire.BinReader;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage.Sync;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncChunk;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A minimal replicated module for the scenarios: a key-value map where the higher version wins, replicated with
 * its own capability and synced like usrloc is (one record per chunk). One instance per node and incarnation.
 */
final class KvModule {
    static final Capability CAP = Capability.of("test-kv-repl");
    static final int VERSION = 1;
    private static final int PUT = 1;

    record Entry(long version, Str value) {}

    final Map<Str, Entry> data = new HashMap<>();

    /**
     * Wires every node of {@code sim} to its own module: register at start (the nodes in {@code needingSync} as
     * needing a sync), apply deliveries, serve syncs.
     */
    static Map<Integer, KvModule> install(Simulation sim, int clusterId, java.util.Set<Integer> needingSync) {
        return install(sim, clusterId, needingSync, true);
    }

    /** {@code answerSyncs} false: the test answers sync requests itself (streams). */
    static Map<Integer, KvModule> install(Simulation sim, int clusterId, java.util.Set<Integer> needingSync,
                                          boolean answerSyncs) {
        Map<Integer, KvModule> modules = new HashMap<>();
        sim.onStart(n -> {
            modules.put(n.id(), new KvModule());
            if (needingSync.contains(n.id())) {
                n.engine().registerCapabilityNeedingSync(clusterId, CAP);
            } else {
                n.engine().registerCapability(clusterId, CAP);
            }
        });
        sim.onDelivery(d -> {
            if (d.packet().capability().equals(CAP) || d.packet() instanceof Sync) {
                modules.get(d.atNode()).apply(d.packet());
            }
        });
        sim.onEvent(e -> {
            if (answerSyncs && e.event() instanceof ClusterEvent.SyncRequested r && r.capability().equals(CAP.name())) {
                sim.sendSyncData(e.nodeId(), clusterId, CAP, r.requesterNodeId(), VERSION,
                        modules.get(e.nodeId()).chunks());
            }
        });
        return modules;
    }

    static ModulePacket put(String key, long version, String value) {
        return new ModulePacket(CAP, VERSION, PUT, record(Str.of(key), new Entry(version, Str.of(value))),
                Trailer.UNADDRESSED);
    }

    void putLocal(String key, long version, String value) {
        merge(Str.of(key), new Entry(version, Str.of(value)));
    }

    void apply(io.sipcluster.wire.Routable p) {
        if (p instanceof Sync s) {
            for (SyncChunk c : s.chunks()) {
                read(c.data());
            }
        } else {
            read(((ModulePacket) p).body());
        }
    }

    Iterator<Str> chunks() {
        Iterator<Map.Entry<Str, Entry>> it = Map.copyOf(data).entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Str next() {
                Map.Entry<Str, Entry> e = it.next();
                return record(e.getKey(), e.getValue());
            }
        };
    }

    private void merge(Str key, Entry e) {
        data.merge(key, e, (old, neu) -> neu.version() > old.version() ? neu : old);
    }

    private static Str record(Str key, Entry e) {
        BinWriter w = new BinWriter(64);
        w.writeStr(key).writeRawLong(e.version()).writeStr(e.value());
        return Str.copyOf(w.array(), 0, w.position());
    }

    private void read(Str bytes) {
        BinReader r = bytes.reader();
        try {
            Str key = r.readStr("key");
            long version = r.readRawLong("version");
            merge(key, new Entry(version, r.readStr("value")));
        } catch (MalformedPacketException e) {
            throw new AssertionError("test module packet unreadable", e);
        }
    }
}
