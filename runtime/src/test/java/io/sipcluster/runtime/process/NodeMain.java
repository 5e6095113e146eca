package io.sipcluster.runtime.process;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.runtime.NodeSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One cluster node as its own process, for tests and benchmarks that need real processes (kill -9, CPU and
 * memory of a JVM).
 *
 * <pre>
 *   NodeMain &lt;nodeId&gt; &lt;fast|default&gt; &lt;url of node 1&gt; &lt;url of node 2&gt; ...
 * </pre>
 * Every node of the one cluster (id 1) is listed, in node id order. Standard output carries one line per fact:
 * {@code READY <id> <pid>}, {@code EVENT <epoch micros> <event>}, {@code STATS heapUsed=<bytes>
 * heapAfterGc=<bytes>}, {@code SYNCED <records> <checksum>}. Standard input takes {@code stats} and {@code quit}.
 *
 * <p>With {@code -Dsipcluster.test.records=N} the node starts holding N test records; without it, it starts empty
 * and asks a donor for them ({@link TestRecords}).
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws Exception {
        int nodeId = Integer.parseInt(args[0]);
        Timings timings = args[1].equals("fast") ? Timings.FAST : Timings.OPENSIPS_DEFAULTS;
        List<NodeDescriptor> others = new ArrayList<>();
        NodeDescriptor self = null;
        for (int i = 2; i < args.length; i++) {
            NodeDescriptor d = NodeDescriptor.of(i - 1, args[i]);
            if (d.nodeId() == nodeId) {
                self = d;
            } else {
                others.add(d);
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ClusterNode node = new ClusterNode(NodeSettings.builder(nodeId)
                .cluster(new ClusterSetup(1, self, others, false)).timings(timings).build());
        node.addListener(e -> {
            if (!(e instanceof ClusterEvent.Ignored)) {
                out.println("EVENT " + micros() + " " + e);
            }
        });
        node.start();
        TestRecords data = new TestRecords(out);
        int records = Integer.getInteger("sipcluster.test.records", -1);
        if (records >= 0) {
            data.fill(records);
            node.registerCapability(1, TestRecords.CAPABILITY, data).join();
            out.println("HOLDS " + records + " " + data.checksum());
        } else {
            node.registerCapabilityNeedingSync(1, TestRecords.CAPABILITY, data).join();
            node.requestSync(1, TestRecords.CAPABILITY).join();
        }
        out.println("READY " + nodeId + " " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            if (line.equals("stats")) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.gc();
                long afterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                out.println("STATS heapUsed=" + used + " heapAfterGc=" + afterGc);
            }
        }
        node.close();
        out.println("STOPPED " + nodeId);
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
