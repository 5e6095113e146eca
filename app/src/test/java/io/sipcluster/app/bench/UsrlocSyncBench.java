package io.sipcluster.app.bench;

import io.sipcluster.app.node.RunningNode;
import io.sipcluster.app.testing.FreePorts;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.Outcome;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test): a donor node in this JVM holding N contacts, and a joining node started as a separate
 * {@code sipcluster node} process; measures the time from the joiner's process start until it logs that its
 * usrloc sync is done with N contacts, the donor's heap while it serves the sync, and the heap per 100k contacts.
 *
 * <pre>bench/run-usrloc-sync-bench.sh [contacts ...]</pre>
 */
public final class UsrlocSyncBench {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    public static void main(String[] args) throws Exception {
        String jar = System.getProperty("sipcluster.jar", "app/target/sipcluster.jar");
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100_000);
        }
        System.out.printf(Locale.ROOT, "%-10s %12s %14s %16s %18s %18s%n", "contacts", "fill (s)", "sync from",
                "heap/100k (MB)", "donor heap before", "donor heap after");
        System.out.printf(Locale.ROOT, "%-10s %12s %14s %16s %18s %18s%n", "", "", "start (ms)", "", "sync (MB)",
                "max in sync (MB)");
        for (int n : sizes) {
            run(n, jar);
        }
    }

    private static void run(int contacts, String jar) throws Exception {
        Path dir = Files.createTempDirectory("usrloc-sync-bench-");
        int[] ports = {FreePorts.tcp(), FreePorts.tcp(), FreePorts.udp(), FreePorts.udp()};
        Files.writeString(dir.resolve("node1.yaml"), nodeYaml(1, ports, true));
        Files.writeString(dir.resolve("node2.yaml"), nodeYaml(2, ports, false));
        long heapEmpty = heapAfterGc();
        try (RunningNode donor = RunningNode.start(dir.resolve("node1.yaml"))) {
            LocationService location = donor.registrations().orElseThrow().location();
            // alone, the donor is the seed: it declares its table the cluster's after seed_fallback (5 s)
            var replication = donor.registrations().orElseThrow().replication().orElseThrow();
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (replication.syncStatus().state() != SyncStatus.State.SYNCED && System.nanoTime() < waitUntil) {
                Thread.sleep(50);
            }
            long t0 = System.nanoTime();
            fill(location, contacts);
            double fillSeconds = (System.nanoTime() - t0) / 1e9;
            long heapFull = heapAfterGc();
            // -Dbench.pauseSeconds=N leaves time for `jcmd PID GC.class_histogram` on the filled donor
            Thread.sleep(Long.getLong("bench.pauseSeconds", 0) * 1000);
            double per100k = (heapFull - heapEmpty) / 1e6 * 100_000 / contacts;

            // the heap retained: what the heap pools held after their latest collection (garbage not counted)
            AtomicLong maxHeap = new AtomicLong(heapAfterLastGc());
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxHeap.accumulateAndGet(heapAfterLastGc(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            long start = System.nanoTime();
            List<String> command = new ArrayList<>(List.of("java", "-Xmx2g"));
            String extra = System.getProperty("bench.joinerOpts", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.addAll(List.of("-jar", jar, "node", "--config", dir.resolve("node2.yaml").toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true);
            builder.environment().put("SIPCLUSTER_LOG_LEVEL", "INFO");
            Process joiner = builder.start();
            sampler.start();
            long syncedAt = awaitSynced(joiner, contacts, 120);
            sampler.interrupt();
            joiner.destroy();
            joiner.waitFor(10, TimeUnit.SECONDS);
            joiner.destroyForcibly();
            String ms = syncedAt < 0 ? "TIMEOUT" : Long.toString((syncedAt - start) / 1_000_000);
            System.out.printf(Locale.ROOT, "%-10d %12.1f %14s %16.1f %18.1f %18.1f   %s%n", contacts, fillSeconds, ms,
                    per100k, heapFull / 1e6, maxHeap.get() / 1e6, syncedAt < 0 ? "" : String.format(Locale.ROOT,
                            "(process start to BIN listening %d ms, to sync request %d ms, transfer %d ms)",
                            (PHASES[0] - start) / 1_000_000, (PHASES[1] - start) / 1_000_000,
                            (syncedAt - PHASES[1]) / 1_000_000));
        }
    }

    /** Contacts shaped like a phone's: about 300 bytes each on the wire. */
    static void fill(LocationService location, int contacts) {
        long now = System.currentTimeMillis() / 1000;
        ContactMatch byUri = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());
        for (int i = 0; i < contacts; i++) {
            String user = "user" + (1_000_000 + i);
            Binding b = new Binding(Str.of("sip:" + user + "@10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "."
                    + (i & 255) + ":5060;transport=udp"), Str.of(String.format(Locale.ROOT,
                    "%08x-%04x-4%03x-a%03x-%012x", i, i & 0xffff, i & 0xfff, i & 0xfff, (long) i * 7919)), 1,
                    now + 3600, 1000, Str.EMPTY, Str.of("sip:198.51.100." + (i & 255) + ":" + (20_000 + (i & 8191))),
                    Str.of("Yealink SIP-T46S 66.86.0.15"), 0, Str.EMPTY, Str.EMPTY,
                    Str.of("\"<urn:uuid:00000000-0000-1000-8000-" + String.format(Locale.ROOT, "%012x", i) + ">\""),
                    1, -1, Str.EMPTY, Str.EMPTY, now);
            Outcome o = location.register(Str.of(user + "@bench.example"), b, byUri);
            if (o != Outcome.INSERTED) {
                throw new IllegalStateException("contact " + i + ": " + o);
            }
        }
    }

    /** When the joiner logged that its BIN socket listens, and that its sync started (nanoTime; 0 = not seen). */
    private static final long[] PHASES = new long[2];

    /** Reads the joiner's log until it says usrloc is synced with {@code contacts}; nanoTime then, or -1. */
    private static long awaitSynced(Process joiner, int contacts, int limitSeconds) throws IOException {
        PHASES[0] = 0;
        PHASES[1] = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        String wanted = "the table holds " + contacts + " contacts";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(joiner.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
                if (Boolean.getBoolean("bench.verbose")) {
                    System.out.println("  joiner: " + line);
                }
                if (PHASES[0] == 0 && line.contains("BIN listening")) {
                    PHASES[0] = System.nanoTime();
                }
                if (PHASES[1] == 0 && line.contains("SyncStarted")) {
                    PHASES[1] = System.nanoTime();
                }
                if (line.contains(wanted)) {
                    return System.nanoTime();
                }
                if (line.contains("usrloc synced")) {
                    System.out.println("  joiner: " + line);
                    return -1;
                }
            }
        }
        return -1;
    }

    private static String nodeYaml(int id, int[] ports, boolean seed) {
        return """
                node_id: %1$d
                listen: [bin:127.0.0.1:%2$d]
                timings: opensips
                clusters:
                  - id: 1
                    url: bin:127.0.0.1:%2$d
                    seed: %3$s
                    neighbours:
                      - id: %4$d
                        url: bin:127.0.0.1:%5$d
                management:
                  enabled: false
                sip:
                  listen: [udp:127.0.0.1:%6$d]
                usrloc:
                  mode: full-sharing-cluster
                  cluster: 1
                  max_contacts: 5000000
                """.formatted(id, ports[id - 1], seed, 3 - id, ports[2 - id], ports[id + 1]);
    }

    private static long heapAfterLastGc() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
