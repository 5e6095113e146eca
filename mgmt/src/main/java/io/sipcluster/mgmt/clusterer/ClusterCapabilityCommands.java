package io.sipcluster.mgmt.clusterer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.core.CapabilityView;
import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.mgmt.command.MiParams;
import io.sipcluster.mgmt.command.MiResults;
import io.sipcluster.runtime.EngineLoop;
import io.sipcluster.wire.Capability;
import java.util.concurrent.CompletionStage;

/** {@code clusterer_list_cap} and {@code clusterer_set_cap_status}: the capabilities registered on this node. */
public final class ClusterCapabilityCommands {
    private final EngineLoop loop;

    private ClusterCapabilityCommands(EngineLoop loop) {
        this.loop = loop;
    }

    public static void register(CommandRegistry registry, EngineLoop loop) {
        ClusterCapabilityCommands c = new ClusterCapabilityCommands(loop);
        registry.register(MiCommand.builder("clusterer", "list_cap").alias("clusterer_list_cap")
                .help("lists the registered capabilities and their states")
                .recipe(p -> OnLoop.call(loop, (e, now, fx) -> list(e)))
                .build());
        registry.register(MiCommand.builder("clusterer", "set_cap_status").alias("clusterer_set_cap_status")
                .help("enables (1) or disables (0) a capability: disabled, nothing of it is sent or accepted")
                .recipe(c::setStatus, "cluster_id", "capability", "status")
                .build());
    }

    /**
     * {@code {"Clusters":[{"cluster_id":1,"Capabilities":[{"name":"usrloc-contact-repl","state":"Ok",
     * "enabled":"yes","sync_state":"synced"}]}]}}: OpenSIPS's keys, then the sync in detail (OpenSIPS's status
     * report words: "synced", "sync pending", "sync in progress", "not synced") and, while data is arriving,
     * {@code donor}, {@code chunks_received} and {@code chunks_expected} (-1 until the donor says).
     */
    static JsonNode list(ClusterEngine engine) {
        ObjectNode out = MiResults.object();
        ArrayNode clusters = out.putArray("Clusters");
        for (int clusterId : engine.clusterIds()) {
            ObjectNode cluster = clusters.addObject();
            cluster.put("cluster_id", clusterId);
            ArrayNode caps = cluster.putArray("Capabilities");
            for (CapabilityView v : engine.capabilities(clusterId)) {
                ObjectNode cap = caps.addObject();
                cap.put("name", v.name());
                cap.put("state", v.synced() ? "Ok" : "not synced");
                cap.put("enabled", v.enabled() ? "yes" : "no");
                SyncStatus sync = engine.syncStatus(clusterId, Capability.of(v.name()));
                cap.put("sync_state", words(sync.state()));
                if (sync.state() == SyncStatus.State.IN_PROGRESS) {
                    cap.put("donor", sync.donor());
                    cap.put("chunks_received", sync.chunksReceived());
                    cap.put("chunks_expected", sync.chunksExpected());
                }
            }
        }
        return out;
    }

    private static String words(SyncStatus.State state) {
        return switch (state) {
            case SYNCED -> "synced";
            case PENDING -> "sync pending";
            case IN_PROGRESS -> "sync in progress";
            case NOT_SYNCED -> "not synced";
        };
    }

    private CompletionStage<JsonNode> setStatus(MiParams p) throws MiException {
        int clusterId = OnLoop.positive(p.getInt("cluster_id"), "cluster_id");
        String name = p.getString("capability");
        int status = p.getInt("status");
        if (status != 0 && status != 1) {
            throw MiException.of(400, "Bad value for 'status'");
        }
        return OnLoop.call(loop, (e, now, fx) -> {
            OnLoop.requireCluster(e, clusterId, 404, "Cluster id not found");
            if (e.capabilities(clusterId).stream().noneMatch(v -> v.name().equals(name))) {
                throw MiException.of(404, "Capability not found");
            }
            e.setCapabilityEnabled(clusterId, Capability.of(name), status == 1, now, fx);
            return MiResults.OK;
        });
    }
}
