package io.sipcluster.runtime.testing;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.runtime.NodeSettings;
import io.sipcluster.runtime.transport.TransportLimits;
import java.util.ArrayList;
import java.util.List;

/** Settings for N nodes of one full-mesh cluster on 127.0.0.1, on fresh ports. */
public final class LoopbackCluster {
    public static final int CLUSTER = 1;

    private final List<String> urls = new ArrayList<>();

    public LoopbackCluster(int nodes, String scheme) {
        for (int port : FreePorts.pick(nodes)) {
            urls.add(scheme + ":127.0.0.1:" + port);
        }
    }

    public LoopbackCluster(int nodes) {
        this(nodes, "bin");
    }

    /** Node ids are 1..N. */
    public String url(int nodeId) {
        return urls.get(nodeId - 1);
    }

    public int port(int nodeId) {
        String u = url(nodeId);
        return Integer.parseInt(u.substring(u.lastIndexOf(':') + 1));
    }

    public ClusterSetup setup(int nodeId) {
        List<NodeDescriptor> others = new ArrayList<>();
        for (int id = 1; id <= urls.size(); id++) {
            if (id != nodeId) {
                others.add(NodeDescriptor.of(id, url(id)));
            }
        }
        return new ClusterSetup(CLUSTER, NodeDescriptor.of(nodeId, url(nodeId)), others, false);
    }

    public NodeSettings.Builder settings(int nodeId) {
        return NodeSettings.builder(nodeId).cluster(setup(nodeId)).timings(Timings.FAST)
                .limits(TransportLimits.DEFAULTS.toBuilder().ioThreads(1).build());
    }
}
