package io.sipcluster.app.bench;

import io.sipcluster.app.node.RunningNode;
import io.sipcluster.app.testing.FreePorts;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): replication lag of usrloc between two nodes over real BIN connections on loopback. Both
 * nodes run in this JVM so that one clock times both ends: a registration is stamped when node A's table takes it
 * and when node B's table has applied it. Registrations are paced at a fixed rate for a fixed time.
 *
 * <pre>bench/run-replication-lag-bench.sh [rate per second] [seconds]</pre>
 */
public final class ReplicationLagBench {
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("lag-bench-");
        int[] bin = new int[3];
        int[] sip = new int[3];
        for (int id = 1; id <= 2; id++) {
            bin[id] = FreePorts.tcp();
            sip[id] = FreePorts.udp();
            Files.writeString(dir.resolve("node" + id + ".yaml"), """
                    node_id: %d
                    listen: [bin:127.0.0.1:%d]
                    clusters:
                      - id: 1
                        url: bin:127.0.0.1:%d
                        seed: %s
                    management: {enabled: false}
                    sip:
                      listen: [udp:127.0.0.1:%d]
                    usrloc: {mode: full-sharing-cluster, cluster: 1}
                    """.formatted(id, bin[id], bin[id], id == 1, sip[id]));
        }
        String two = Files.readString(dir.resolve("node2.yaml")).replace("    seed: false\n",
                "    seed: false\n    neighbours: [{id: 1, url: \"bin:127.0.0.1:" + bin[1] + "\"}]\n");
        Files.writeString(dir.resolve("node2.yaml"), two);
        try (RunningNode a = RunningNode.start(dir.resolve("node1.yaml"));
             RunningNode b = RunningNode.start(dir.resolve("node2.yaml"))) {
            var replicationB = b.registrations().orElseThrow().replication().orElseThrow();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (replicationB.syncStatus().state() != SyncStatus.State.SYNCED && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            LocationService onA = a.registrations().orElseThrow().location();
            LocationService onB = b.registrations().orElseThrow().location();
            int total = rate * seconds;
            long[] sentAt = new long[total];
            long[] seenAt = new long[total];
            ConcurrentHashMap<Str, Integer> index = new ConcurrentHashMap<>();
            onB.addObserver(aor -> {
                Integer i = index.get(aor);
                if (i != null && seenAt[i] == 0) {
                    seenAt[i] = System.nanoTime();
                }
            });
            ContactMatch byUri = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());
            long now = System.currentTimeMillis() / 1000;
            long start = System.nanoTime();
            long periodNanos = 1_000_000_000L / rate;
            for (int i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                LagReport.awaitDue(due);
                Str aor = Str.of("lag" + i + "@bench.example");
                index.put(aor, i);
                sentAt[i] = System.nanoTime();
                onA.register(aor, Binding.of("sip:lag" + i + "@10.0.0.1:5060", "lag-" + i, 1, now + 3600, 1000, now),
                        byUri);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (onB.contactCount() < total && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            LagReport.print(rate, seconds, sentAt, seenAt);
        }
    }
}
