package io.sipcluster.mgmt.clusterer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.core.Adjacency;
import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.NodeView;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiResults;
import io.sipcluster.runtime.EngineLoop;
import java.util.Map;

/** The read-only clusterer commands: {@code list}, {@code list_topology} and {@code list_shtags}. */
public final class ClusterViewCommands {
    private ClusterViewCommands() { }

    /** @param provisioned where {@code db_id} and {@code description} come from */
    public static void register(CommandRegistry registry, EngineLoop loop, ProvisionedNodes provisioned) {
        registry.register(MiCommand.builder("clusterer", "list").alias("clusterer_list")
                .help("lists the nodes of every cluster with their link state, status and next hop")
                .recipe(p -> OnLoop.call(loop, (e, now, fx) -> list(e, provisioned)))
                .build());
        registry.register(MiCommand.builder("clusterer", "list_topology").alias("clusterer_list_topology")
                .help("lists the topology as known by the current node")
                .recipe(p -> OnLoop.call(loop, (e, now, fx) -> topology(e)))
                .build());
        registry.register(MiCommand.builder("clusterer", "list_shtags").alias("clusterer_list_shtags")
                .help("lists the sharing tags and their states")
                .recipe(p -> OnLoop.call(loop, (e, now, fx) -> sharingTags(e)))
                .build());
    }

    /**
     * {@code {"Clusters":[{"cluster_id":1,"Nodes":[{"node_id":2,"db_id":2,"url":"bin:...","link_state":"Up",
     * "state":"enabled","next_hop":"2","description":"none"}]}]}}: the other nodes only, as OpenSIPS lists them.
     * {@code db_id} and {@code description} come from the node's table row; a node without one (file provisioning,
     * discovery) shows its node id and "none". After OpenSIPS's keys come the rest of the node's description:
     * {@code sip_addr}, {@code priority}, {@code no_ping_retries} and {@code flags} ("seed" or "none").
     */
    static JsonNode list(ClusterEngine engine, ProvisionedNodes provisioned) {
        ObjectNode out = MiResults.object();
        ArrayNode clusters = out.putArray("Clusters");
        for (int clusterId : engine.clusterIds()) {
            ObjectNode cluster = clusters.addObject();
            cluster.put("cluster_id", clusterId);
            ArrayNode nodes = cluster.putArray("Nodes");
            for (NodeView n : engine.nodes(clusterId)) {
                ObjectNode node = nodes.addObject();
                var row = provisioned.record(clusterId, n.nodeId());
                node.put("node_id", n.nodeId());
                node.put("db_id", row.map(ProvisionedNodes.NodeRecord::dbId).orElse(n.nodeId()));
                node.put("url", n.url().toString());
                node.put("link_state", n.linkState().display());
                node.put("state", n.enabled() ? "enabled" : "disabled");
                node.put("next_hop", n.reachable() ? Integer.toString(n.nextHop()) : "none");
                String description = row.map(ProvisionedNodes.NodeRecord::description).orElse(null);
                node.put("description", description == null || description.isEmpty() ? "none" : description);
                // Beyond OpenSIPS's list: the rest of the node's description, named after the table's columns.
                node.put("sip_addr", n.sipAddr().isEmpty() ? "none" : n.sipAddr().toString());
                node.put("priority", n.priority());
                node.put("no_ping_retries", n.noPingRetries());
                node.put("flags", n.seed() ? "seed" : "none");
            }
        }
        return out;
    }

    /**
     * {@code {"Clusters":[{"cluster_id":1,"Nodes":[{"node_id":1,"Neighbours":[2,3]},{"node_id":2,"Neighbours":[3,1]}]}]}}:
     * the local node first with its up links, then every other node with the neighbours it announced, plus the local
     * node when the direct link to it is up.
     */
    static JsonNode topology(ClusterEngine engine) {
        ObjectNode out = MiResults.object();
        ArrayNode clusters = out.putArray("Clusters");
        for (int clusterId : engine.clusterIds()) {
            ObjectNode cluster = clusters.addObject();
            cluster.put("cluster_id", clusterId);
            ArrayNode nodes = cluster.putArray("Nodes");
            for (Adjacency a : engine.topology(clusterId)) {
                ObjectNode node = nodes.addObject();
                node.put("node_id", a.nodeId());
                ArrayNode neighbours = node.putArray("Neighbours");
                a.neighbours().forEach(neighbours::add);
            }
        }
        return out;
    }

    /** {@code [{"Tag":"vip","Cluster":1,"State":"active"}]} */
    static JsonNode sharingTags(ClusterEngine engine) {
        ArrayNode out = MiResults.array();
        for (int clusterId : engine.clusterIds()) {
            for (Map.Entry<String, Boolean> t : engine.sharingTags(clusterId).entrySet()) {
                ObjectNode tag = out.addObject();
                tag.put("Tag", t.getKey());
                tag.put("Cluster", clusterId);
                tag.put("State", t.getValue() ? "active" : "backup");
            }
        }
        return out;
    }
}
