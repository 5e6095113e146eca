package io.sipcluster.app.demo;

import io.sipcluster.app.node.RunningNode;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.provisioning.config.NodeConfig;
import io.sipcluster.provisioning.config.NodeConfigLoader;
import io.sipcluster.provisioning.sql.SqlProvisioning;
import io.sipcluster.wire.Str;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's cluster: node files written to a folder, the nodes' rows in an SQLite {@code clusterer} table beside
 * them, and the nodes themselves, started and stopped in this process on loopback.
 */
final class DemoCluster implements AutoCloseable {
    static final int CLUSTER = 1;
    static final String TAG = "vip";

    private final Path dir;
    private final int size;
    private final int[] binPorts;
    private final int[] mgmtPorts;
    private final int[] sipPorts;
    private final String token;
    private final RunningNode[] nodes;
    private long startedAt;

    DemoCluster(Path dir, int size, String token) throws IOException {
        this.dir = dir;
        this.size = size;
        this.token = token;
        this.binPorts = freePorts(size);
        this.mgmtPorts = freePorts(size);
        this.sipPorts = freeUdpPorts(size);
        this.nodes = new RunningNode[size + 1];
    }

    /** Writes one node file per node and the table rows, as an operator would provision them. */
    void provision() throws IOException {
        Files.writeString(dir.resolve("mgmt.token"), token + "\n");
        for (int id = 1; id <= size; id++) {
            Files.writeString(nodeFile(id), nodeYaml(id));
        }
        NodeConfig first = load(1);
        try (SqlProvisioning sql = SqlProvisioning.open(first)) {
            for (int id = 1; id <= size; id++) {
                NodeDescriptor row = new NodeDescriptor(id, Str.of(binUrl(id)), Str.of("127.0.0.1:" + sipPorts[id - 1]),
                        NodeDescriptor.DEFAULT_PRIORITY, NodeDescriptor.DEFAULT_PING_RETRIES, id == 1, true);
                sql.addNode(CLUSTER, row, "demo node " + id);
            }
        }
    }

    private String nodeYaml(int id) {
        return """
                # Demo node %1$d: written by `sipcluster demo`, loaded like any node file.
                node_id: %1$d
                listen: [%2$s]
                timings: fast            # sipcluster-only cluster: a silent node is down in under a second
                clusters:
                  - id: %3$d
                    provisioning: sql    # the nodes are the rows of the clusterer table below
                    sharing_tags: {%4$s: %5$s}
                sql:
                  url: jdbc:sqlite:cluster.db
                management:
                  listen: 127.0.0.1:%6$d
                  token_file: mgmt.token
                sip:
                  listen: [udp:127.0.0.1:%7$d]   # the registrar
                usrloc:
                  mode: full-sharing-cluster     # every registration is replicated to every node
                  cluster: %3$d
                calls:                           # the proxy: INVITEs to registered users
                  domains: [demo.example]        # users of this domain are looked up in usrloc
                  dialog: {cluster: %3$d, sharing_tag: %4$s}   # calls replicated; the tag holder ends them
                  cdr: {csv: cdr-node%1$d.csv}
                """.formatted(id, binUrl(id), CLUSTER, TAG, id == 1 ? "active" : "backup", mgmtPorts[id - 1],
                sipPorts[id - 1]);
    }

    RunningNode start(int id) throws IOException {
        if (startedAt == 0) {
            startedAt = System.nanoTime();
        }
        nodes[id] = RunningNode.start(load(id));
        return nodes[id];
    }

    void stop(int id) {
        if (nodes[id] != null) {
            nodes[id].close();
            nodes[id] = null;
        }
    }

    RunningNode node(int id) {
        return nodes[id];
    }

    int size() {
        return size;
    }

    Path dir() {
        return dir;
    }

    String token() {
        return token;
    }

    String binUrl(int id) {
        return "bin:127.0.0.1:" + binPorts[id - 1];
    }

    InetSocketAddress sipAddress(int id) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), sipPorts[id - 1]);
    }

    /** {@link System#nanoTime()} of the first node start. */
    long startedAt() {
        return startedAt;
    }

    /** Whether node {@code id}'s location table is synced with the cluster (it may serve as a donor). */
    boolean usrlocSynced(int id) {
        return nodes[id].registrations().orElseThrow().replication().orElseThrow().syncStatus().state()
                == SyncStatus.State.SYNCED;
    }

    /** How many bindings node {@code id}'s location table holds now. */
    int contacts(int id) {
        return nodes[id].registrations().orElseThrow().location().contactCount();
    }

    String mgmtEndpoint(int id) {
        return "http://127.0.0.1:" + mgmtPorts[id - 1] + "/mi";
    }

    Path nodeFile(int id) {
        return dir.resolve("node" + id + ".yaml");
    }

    private NodeConfig load(int id) throws IOException {
        return new NodeConfigLoader().load(nodeFile(id));
    }

    /** Whether every running node reaches every other running node. */
    boolean fullyConnected() {
        List<Integer> running = running();
        for (int id : running) {
            List<Integer> others = new ArrayList<>(running);
            others.remove(Integer.valueOf(id));
            if (!nodes[id].node().view(CLUSTER).reachable().containsAll(others)) {
                return false;
            }
        }
        return true;
    }

    List<Integer> running() {
        List<Integer> out = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            if (nodes[id] != null) {
                out.add(id);
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (int id = 1; id <= size; id++) {
            stop(id);
        }
    }

    /** UDP ports free right now on loopback (same caveat). */
    private static int[] freeUdpPorts(int n) throws IOException {
        int[] ports = new int[n];
        List<DatagramSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (DatagramSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    /** Ports free right now on loopback (the OS picks them; a race with another program is possible but rare). */
    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }
}
