package io.sipcluster.mgmt;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.mgmt.client.MiClient;
import io.sipcluster.mgmt.http.ManagementSettings;
import io.sipcluster.runtime.EngineLoop;
import io.sipcluster.runtime.InProcessNetwork;
import io.sipcluster.runtime.Transport;
import io.sipcluster.wire.Str;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Nodes 1..n in cluster 1, each a real engine on its own loop thread, connected through {@link InProcessNetwork}
 * (the real codec, no sockets), each with management on an ephemeral loopback port.
 */
public final class TestCluster implements AutoCloseable {
    public static final String TOKEN = "test-token-0123456789";

    private final InProcessNetwork net = new InProcessNetwork();
    private final List<EngineLoop> loops = new ArrayList<>();
    private final List<Transport> transports = new ArrayList<>();
    private final List<Management> managements = new ArrayList<>();
    private final List<MiClient> clients = new ArrayList<>();

    private TestCluster() { }

    public static TestCluster start(int n, boolean discovery) throws Exception {
        return start(n, discovery, (id, b) -> { });
    }

    /** @param customize adjusts each node's management (by node id) before it starts */
    public static TestCluster start(int n, boolean discovery, BiConsumer<Integer, Management.Builder> customize)
            throws Exception {
        TestCluster c = new TestCluster();
        try {
            for (int id = 1; id <= n; id++) {
                List<NodeDescriptor> peers = new ArrayList<>();
                for (int other = 1; other <= n; other++) {
                    if (other != id) {
                        peers.add(NodeDescriptor.of(other, url(other)));
                    }
                }
                ClusterEngine engine = new ClusterEngine(id,
                        List.of(new ClusterSetup(1, NodeDescriptor.of(id, url(id)), peers, discovery)), Timings.FAST,
                        () -> (int) (System.currentTimeMillis() / 1000));
                EngineLoop loop = new EngineLoop(engine);
                Transport t = c.net.attach(Str.of(url(id)), loop);
                loop.setTransport(t);
                c.loops.add(loop);
                c.transports.add(t);
                Management.Builder b = Management.builder(loop)
                        .http(ManagementSettings.loopback(TOKEN).withPort(0)
                                .withCommandTimeout(Duration.ofSeconds(10)));
                customize.accept(id, b);
                Management m = b.start();
                c.managements.add(m);
                c.clients.add(new MiClient(URI.create("http://127.0.0.1:" + m.address().getPort() + "/mi"), TOKEN,
                        Duration.ofSeconds(15)));
            }
            c.loops.forEach(EngineLoop::start);
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    public static String url(int nodeId) {
        return "bin:node" + nodeId;
    }

    public MiClient mi(int nodeId) {
        return clients.get(nodeId - 1);
    }

    public Management management(int nodeId) {
        return managements.get(nodeId - 1);
    }

    public EngineLoop loop(int nodeId) {
        return loops.get(nodeId - 1);
    }

    public Set<Integer> reachableFrom(int nodeId) {
        return loop(nodeId).read((e, now, fx) -> Set.copyOf(e.reachable(1)));
    }

    /** Every node reaches every other one. */
    public TestCluster awaitFormed() {
        for (int id = 1; id <= loops.size(); id++) {
            int self = id;
            Eventually.await("node " + id + " reaches all others", Duration.ofSeconds(15),
                    () -> reachableFrom(self).size() == loops.size() - 1);
        }
        return this;
    }

    /** Every node has a direct link up to every other one (a full mesh, as provisioned). */
    public TestCluster awaitAllLinksUp() {
        for (int id = 1; id <= loops.size(); id++) {
            int self = id;
            Eventually.await("node " + id + " has every link up", Duration.ofSeconds(15),
                    () -> loop(self).read((e, now, fx) -> e.nodes(1).stream()
                            .allMatch(n -> n.linkState() == io.sipcluster.core.link.LinkState.UP)));
        }
        return this;
    }

    /** Node {@code nodeId} is gone: its loop stops and packets to it are lost. */
    public void stop(int nodeId) {
        managements.get(nodeId - 1).close();
        loop(nodeId).close();
        transports.get(nodeId - 1).close();
    }

    @Override
    public void close() {
        managements.forEach(Management::close);
        loops.forEach(l -> l.close(500));
        transports.forEach(Transport::close);
    }
}
