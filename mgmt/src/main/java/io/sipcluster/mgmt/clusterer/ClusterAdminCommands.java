package io.sipcluster.mgmt.clusterer;

import com.fasterxml.jackson.databind.JsonNode;
import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.NodeView;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.mgmt.command.MiParams;
import io.sipcluster.mgmt.command.MiResults;
import io.sipcluster.runtime.EngineLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The clusterer commands that change state: {@code set_status}, {@code remove_node}, {@code shtag_set_active} and
 * {@code reload}. Each answers {@code "OK"} or OpenSIPS's error for the same mistake.
 */
public final class ClusterAdminCommands {
    private final EngineLoop loop;
    private final ProvisioningReload reload;
    private final ProvisionedNodes provisioned;
    private final Executor work;

    private ClusterAdminCommands(EngineLoop loop, ProvisioningReload reload, ProvisionedNodes provisioned,
                                 Executor work) {
        this.loop = loop;
        this.reload = reload;
        this.provisioned = provisioned;
        this.work = work;
    }

    /**
     * @param reload how to reload provisioning, or null when it cannot be (OpenSIPS's "Non-DB mode")
     * @param provisioned where a state set by {@code set_status} is recorded
     * @param work where the reload and state writes run (they may block on I/O)
     */
    public static void register(CommandRegistry registry, EngineLoop loop, ProvisioningReload reload,
                                ProvisionedNodes provisioned, Executor work) {
        ClusterAdminCommands c = new ClusterAdminCommands(loop, reload, provisioned, work);
        registry.register(MiCommand.builder("clusterer", "set_status").alias("clusterer_set_status")
                .help("enables (1) or disables (0) the local node, or another node as seen locally")
                .recipe(c::setStatus, "cluster_id", "status")
                .recipe(c::setStatus, "cluster_id", "node_id", "status")
                .build());
        registry.register(MiCommand.builder("clusterer", "remove_node").alias("clusterer_remove_node")
                .help("removes a node from the cluster on every node (discovery mode only)")
                .recipe(c::removeNode, "cluster_id", "node_id")
                .build());
        registry.register(MiCommand.builder("clusterer", "shtag_set_active").alias("clusterer_shtag_set_active")
                .help("makes the sharing tag <name/cluster_id> active on this node and backup on the others")
                .recipe(c::activateTag, "tag")
                .build());
        registry.register(MiCommand.builder("clusterer", "reload").alias("clusterer_reload")
                .help("reloads the provisioning and applies the changes")
                .recipe(p -> c.reload())
                .build());
    }

    private CompletionStage<JsonNode> setStatus(MiParams p) throws MiException {
        int clusterId = OnLoop.positive(p.getInt("cluster_id"), "cluster_id");
        Integer nodeId = p.has("node_id") ? OnLoop.positive(p.getInt("node_id"), "node_id") : null;
        int status = p.getInt("status");
        if (status != 0 && status != 1) {
            throw MiException.of(400, "Bad value for 'status'");
        }
        CompletableFuture<Integer> changed = OnLoop.call(loop, (e, now, fx) -> {
            OnLoop.requireCluster(e, clusterId, 404, "Cluster id not found");
            int target = nodeId == null ? e.nodeId() : nodeId;
            if (target != e.nodeId() && !known(e, clusterId, target)) {
                throw MiException.of(404, "Node id not found");
            }
            e.setNodeEnabled(clusterId, target, status == 1, now, fx);
            return target;
        });
        return changed.thenComposeAsync(target -> persist(clusterId, target, status == 1), work);
    }

    /**
     * Writes the new state where provisioning keeps it. OpenSIPS only logs a failed write and answers OK; here the
     * caller learns that the change will not survive a restart or reload.
     */
    private CompletableFuture<JsonNode> persist(int clusterId, int nodeId, boolean enabled) {
        try {
            provisioned.persistState(clusterId, nodeId, enabled);
            return CompletableFuture.completedFuture(MiResults.OK);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(new MiException(500, "State changed but not saved",
                    "node " + nodeId + " is " + (enabled ? "enabled" : "disabled") + " until the next restart or "
                            + "reload: " + e.getMessage()));
        }
    }

    private CompletionStage<JsonNode> removeNode(MiParams p) throws MiException {
        int clusterId = OnLoop.positive(p.getInt("cluster_id"), "cluster_id");
        int nodeId = OnLoop.positive(p.getInt("node_id"), "node_id");
        return OnLoop.call(loop, (e, now, fx) -> {
            OnLoop.requireCluster(e, clusterId, 400, "Unknown cluster id");
            if (!known(e, clusterId, nodeId)) {
                throw MiException.of(400, "Unknown node id");
            }
            try {
                e.removeNode(clusterId, nodeId, now, fx);
            } catch (IllegalStateException provisioned) {
                // Provisioned nodes would come back with the next reload: OpenSIPS refuses in DB mode.
                throw new MiException(400, "Running in DB mode", provisioned.getMessage());
            }
            return MiResults.OK;
        });
    }

    private CompletionStage<JsonNode> activateTag(MiParams p) throws MiException {
        String tag = p.getString("tag");
        int slash = tag.indexOf('/');
        if (slash <= 0 || slash == tag.length() - 1) {
            throw MiException.of(400, "Bad tag format <name/cluster_id>");
        }
        String name = tag.substring(0, slash);
        int clusterId;
        try {
            clusterId = Integer.parseInt(tag.substring(slash + 1));
        } catch (NumberFormatException ex) {
            throw MiException.of(400, "Bad cluster ID in tag");
        }
        return OnLoop.call(loop, (e, now, fx) -> {
            OnLoop.requireCluster(e, clusterId, 404, "Cluster ID not found");
            e.activateSharingTag(clusterId, name, now, fx);
            return MiResults.OK;
        });
    }

    private CompletionStage<JsonNode> reload() throws MiException {
        if (reload == null) {
            throw new MiException(400, "Non-DB mode", "this node's provisioning cannot be reloaded");
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    reload.reload();
                    return (JsonNode) MiResults.OK;
                } catch (MiException e) {
                    throw new CompletionException(e);
                } catch (Exception e) {
                    throw new CompletionException(new MiException(500, "Failed to reload", e.getMessage()));
                }
            }, work);
        } catch (RejectedExecutionException e) {
            throw new MiException(MiException.SERVER_ERROR, "Server error", "management is busy; try again");
        }
    }

    private static boolean known(ClusterEngine e, int clusterId, int nodeId) {
        for (NodeView n : e.nodes(clusterId)) {
            if (n.nodeId() == nodeId) {
                return true;
            }
        }
        return false;
    }
}
