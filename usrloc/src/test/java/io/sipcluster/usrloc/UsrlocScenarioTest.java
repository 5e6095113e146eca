package io.sipcluster.usrloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.sim.Simulation;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage.Sync;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncChunk;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import io.sipcluster.wire.usrloc.UsrlocPacket;
import io.sipcluster.wire.usrloc.UsrlocPacketType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The location table as a module of simulated engines: the real core and codec over a virtual network. */
class UsrlocScenarioTest {
    private static final int CLUSTER = 1;
    private static final long T0 = 1_700_000_000L;
    private static final Capability CAP = Capability.USRLOC;

    /** One table per node and incarnation, replicating and syncing through the engines. */
    static Map<Integer, LocationTable> install(Simulation sim) {
        Map<Integer, LocationTable> tables = new HashMap<>();
        Map<Integer, Integer> starts = new HashMap<>();
        sim.onStart(n -> {
            tables.put(n.id(), new LocationTable("location", UsrlocLimits.DEFAULTS));
            if (starts.merge(n.id(), 1, Integer::sum) > 1) {
                n.engine().registerCapabilityNeedingSync(CLUSTER, CAP); // a restart: its table is empty
            } else {
                n.engine().registerCapability(CLUSTER, CAP);
            }
        });
        sim.onDelivery(d -> {
            LocationTable t = tables.get(d.atNode());
            long now = now(sim);
            if (d.packet() instanceof UsrlocPacket p) {
                t.apply(p.message(), now);
            } else if (d.packet() instanceof Sync s && s.capName().contentEquals(CAP.name())) {
                for (SyncChunk c : s.chunks()) {
                    try {
                        t.applySyncChunk(c.data(), now);
                    } catch (MalformedPacketException e) {
                        throw new AssertionError("sync chunk unreadable", e);
                    }
                }
            }
        });
        sim.onEvent(e -> {
            if (e.event() instanceof ClusterEvent.SyncRequested r && r.capability().equals(CAP.name())) {
                sim.sendSyncData(e.nodeId(), CLUSTER, CAP, r.requesterNodeId(), UsrlocPacketType.VERSION,
                        tables.get(e.nodeId()).syncChunks(now(sim)));
            }
        });
        return tables;
    }

    static long now(Simulation sim) {
        return T0 + sim.nowMillis() / 1000;
    }

    static void broadcast(Simulation sim, int from, Change c) {
        for (UsrlocMessage m : c.replicate()) {
            sim.broadcast(from, CLUSTER, new UsrlocPacket(m, Trailer.UNADDRESSED));
        }
    }

    /**
     * One registrar operation at the node that owns the AoR (AoR i is served by node 1 + i % 2, as a phone keeps
     * registering through one proxy): a new binding, a refresh, or a de-registration.
     */
    static void randomOperation(Simulation sim, Map<Integer, LocationTable> tables, SplittableRandom rnd,
                                Map<String, Integer> cseqs) {
        int user = rnd.nextInt(200);
        int node = 1 + user % 2;
        LocationTable t = tables.get(node);
        Str aor = Str.of("sip:user" + user + "@example.com");
        String device = "dev" + rnd.nextInt(3);
        String uri = "sip:" + device + "@10.0." + user + ".1";
        String callid = "call-" + user + "-" + device;
        int cseq = cseqs.merge(callid, 1, Integer::sum);
        long now = now(sim);
        Change c;
        if (rnd.nextInt(5) == 0) {
            c = t.remove(aor, Str.of(uri), Str.of(callid), cseq, ContactMatch.BY_CALLID, now);
        } else {
            c = t.register(aor, Binding.of(uri, callid, cseq, now + 3_600, 100 * rnd.nextInt(11), now),
                    ContactMatch.BY_CALLID, now);
        }
        broadcast(sim, node, c);
    }

    /** The live bindings per AoR, order-free, without empty AoRs. */
    static Map<Str, Set<Binding>> contents(LocationTable t) {
        Map<Str, Set<Binding>> out = new TreeMap<>();
        t.snapshot().forEach((aor, list) -> {
            if (!list.isEmpty()) {
                out.put(aor, new HashSet<>(list));
            }
        });
        return out;
    }

    @Test
    void registrationsOnOneNodeAppearOnTheOthers() {
        Simulation sim = Simulation.builder(71).fullMesh(3).build();
        Map<Integer, LocationTable> tables = install(sim);
        sim.startAll();
        assertThat(sim.runUntil(() -> sim.fullMeshUp(CLUSTER), 10_000)).as(sim.describe("mesh up")).isTrue();

        Str aor = Str.of("sip:alice@example.com");
        long now = now(sim);
        broadcast(sim, 1, tables.get(1).register(aor, Binding.of("sip:alice@10.0.0.1", "c1", 1, now + 600, 1000, now),
                ContactMatch.BY_CALLID, now));
        broadcast(sim, 2, tables.get(2).register(aor, Binding.of("sip:alice@10.0.0.2", "c2", 1, now + 600, 500, now),
                ContactMatch.BY_CALLID, now));
        sim.runFor(200);
        for (int n = 1; n <= 3; n++) {
            assertThat(tables.get(n).lookup(aor, now(sim))).extracting(b -> b.contactUri().toString())
                    .as("node " + n).containsExactly("sip:alice@10.0.0.1", "sip:alice@10.0.0.2");
        }
        broadcast(sim, 3, tables.get(3).remove(aor, Str.of("sip:alice@10.0.0.1"), Str.of("c1"), 2,
                ContactMatch.BY_CALLID, now(sim)));
        sim.runFor(200);
        for (int n = 1; n <= 3; n++) {
            assertThat(tables.get(n).lookup(aor, now(sim))).extracting(b -> b.contactUri().toString())
                    .as("node " + n).containsExactly("sip:alice@10.0.0.2");
        }
    }

    @Test
    void aNodeRestartedMidTrafficEndsWithExactlyTheSameSetAfterSync() {
        Simulation sim = Simulation.builder(72).fullMesh(3).build();
        Map<Integer, LocationTable> tables = install(sim);
        sim.startAll();
        assertThat(sim.runUntil(() -> sim.fullMeshUp(CLUSTER), 10_000)).as(sim.describe("mesh up")).isTrue();
        SplittableRandom rnd = new SplittableRandom(72);
        Map<String, Integer> cseqs = new HashMap<>();

        for (int i = 0; i < 3_000; i++) {
            randomOperation(sim, tables, rnd, cseqs);
            sim.runFor(2);
            if (i == 1_000) {
                sim.crash(3);
            } else if (i == 1_500) {
                sim.start(3, 0);
                sim.requestSync(3, CLUSTER, CAP);
            }
        }
        assertThat(sim.runUntil(() -> sim.node(3).engine().syncStatus(CLUSTER, CAP).state()
                == SyncStatus.State.SYNCED, 30_000)).as(sim.describe("node 3 synced")).isTrue();
        sim.runFor(500);

        Map<Str, Set<Binding>> expected = contents(tables.get(1));
        assertThat(expected.size()).isGreaterThan(100);
        assertThat(contents(tables.get(2))).isEqualTo(expected);
        assertThat(contents(tables.get(3))).as(sim.describe("restarted node")).isEqualTo(expected);
        assertThat(sim.node(3).engine().syncStatus(CLUSTER, CAP).chunksReceived()).isGreaterThan(100);
        assertThat(List.of(tables.get(3).contactCount())).containsExactly(tables.get(1).contactCount());
    }
}
