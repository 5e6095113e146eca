package io.sipcluster.runtime.bench;

import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.runtime.process.NodeProcess;
import io.sipcluster.runtime.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measurements of real node processes on loopback (run by {@code bench/run-runtime-bench.sh}; not a unit test).
 *
 * <pre>
 *   RuntimeBench detect &lt;fast|default&gt; &lt;kill|stop&gt; &lt;runs&gt;
 *       3-node cluster; node 3 is killed (kill -9) or frozen (SIGSTOP); time until nodes 1 and 2 report it down
 *   RuntimeBench idle &lt;fast|default&gt; &lt;seconds&gt; &lt;small|default&gt;
 *       3-node idle cluster: CPU (% of one core, from /proc/PID/stat), RSS and heap of each node
 *   RuntimeBench sync &lt;records&gt; &lt;recordBytes&gt; &lt;runs&gt;
 *       two nodes in this JVM over loopback TCP: time for one to sync all records from the other
 * </pre>
 * JVM flags: {@code small} = {@code -Xmx64m -XX:+UseSerialGC}; {@code default} = the JVM's own choices.
 */
public final class RuntimeBench {
    private static final Path LOGS = Path.of("runtime", "target", "bench-logs");
    private static final Duration START = Duration.ofSeconds(60);
    private static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86-64

    private RuntimeBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "detect" -> detect(args[1], args[2], Integer.parseInt(args[3]));
            case "idle" -> idle(args[1], Integer.parseInt(args[2]), args[3]);
            case "sync" -> SyncBench.run(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("detect, idle or sync");
        }
    }

    private static List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (int port : FreePorts.pick(3)) {
            urls.add("bin:127.0.0.1:" + port);
        }
        return urls;
    }

    private static List<NodeProcess> cluster(String profile, List<String> flags) throws InterruptedException {
        List<String> urls = urls();
        List<NodeProcess> nodes = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            nodes.add(NodeProcess.start(id, profile, urls, flags, LOGS.resolve("node" + id + ".log")));
        }
        for (NodeProcess n : nodes) {
            for (int other = 1; other <= 3; other++) {
                if (other != n.nodeId()) {
                    n.awaitEvent("NodeUp", other, START);
                }
            }
        }
        return nodes;
    }

    private static void detect(String profile, String how, int runs) throws Exception {
        Timings t = profile.equals("fast") ? Timings.FAST : Timings.OPENSIPS_DEFAULTS;
        long bound = t.worstCaseDetectionMillis(NodeDescriptor.DEFAULT_PING_RETRIES);
        List<Long> samples = new ArrayList<>();
        System.out.printf("detect: profile %s (%s), %s, %d runs, bound %d ms%n", profile, t, how, runs, bound);
        for (int run = 1; run <= runs; run++) {
            List<NodeProcess> nodes = cluster(profile, NodeProcess.TEST_JVM_FLAGS);
            try {
                // let the links settle into their idle rhythm, so runs start at random points of the ping cycle
                Thread.sleep(t.pingIntervalMillis() * 2 + (long) (Math.random() * t.pingIntervalMillis()));
                nodes.get(0).forget();
                nodes.get(1).forget();
                NodeProcess victim = nodes.get(2);
                Instant at = Instant.now();
                if (how.equals("kill")) {
                    victim.kill();
                } else {
                    victim.signal("STOP");
                }
                for (int i = 0; i < 2; i++) {
                    Instant seen = nodes.get(i).awaitEvent("NodeDown", 3, Duration.ofMillis(bound * 5));
                    long ms = Duration.between(at, seen).toMillis();
                    samples.add(ms);
                    System.out.printf("  run %d: node %d saw node 3 down after %d ms%n", run, i + 1, ms);
                }
            } finally {
                for (NodeProcess n : nodes) {
                    if (n.isAlive()) {
                        try {
                            n.signal("CONT");
                        } catch (IOException ignored) {
                            // was not stopped
                        }
                    }
                    n.close();
                }
            }
        }
        Collections.sort(samples);
        System.out.printf("RESULT detect %s %s: n=%d min=%d median=%d max=%d ms (bound %d ms)%n", profile, how,
                samples.size(), samples.get(0), samples.get(samples.size() / 2), samples.get(samples.size() - 1), bound);
    }

    private static void idle(String profile, int seconds, String jvm) throws Exception {
        List<String> flags = jvm.equals("small") ? List.of("-Xmx64m", "-XX:+UseSerialGC") : List.of();
        List<NodeProcess> nodes = cluster(profile, flags);
        try {
            Thread.sleep(5_000); // start-up work (JIT, class loading) done
            long[] before = new long[3];
            for (int i = 0; i < 3; i++) {
                before[i] = cpuTicks(nodes.get(i).pid());
            }
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("idle: profile %s, JVM flags %s, %d s%n", profile, flags.isEmpty() ? "(defaults)" : flags, seconds);
            for (int i = 0; i < 3; i++) {
                NodeProcess n = nodes.get(i);
                double cpu = (cpuTicks(n.pid()) - before[i]) * 100.0 / CLOCK_TICKS_PER_SECOND / elapsed;
                long rssKb = rssKb(n.pid());
                n.command("stats");
                String stats = n.await(l -> l.startsWith("STATS "), Duration.ofSeconds(10), "stats");
                System.out.printf("RESULT idle %s %s node %d: cpu=%.2f%% of one core, rss=%.1f MiB, %s%n", profile, jvm,
                        n.nodeId(), cpu, rssKb / 1024.0, stats.substring(6));
            }
        } finally {
            for (NodeProcess n : nodes) {
                n.close();
            }
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
