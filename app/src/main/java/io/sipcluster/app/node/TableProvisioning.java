package io.sipcluster.app.node;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.mgmt.clusterer.ProvisionedNodes;
import io.sipcluster.mgmt.clusterer.ProvisioningReload;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.provisioning.sql.NodeStateWrite;
import io.sipcluster.provisioning.sql.ReloadOutcome;
import io.sipcluster.provisioning.sql.SqlProvisioning;
import io.sipcluster.provisioning.sql.TableDiff;
import io.sipcluster.runtime.EngineLoop;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code clusterer} table behind a running node (OpenSIPS db mode): the rows management shows, the state
 * column {@code clusterer_set_status} writes, and {@code clusterer_reload}, which reads the table again and applies
 * what changed to the running engine.
 */
final class TableProvisioning implements ProvisionedNodes, ProvisioningReload {
    private static final Logger log = LoggerFactory.getLogger(TableProvisioning.class);

    private final SqlProvisioning sql;
    private final Set<Integer> tableClusters;
    private final EngineLoop loop;

    TableProvisioning(SqlProvisioning sql, Set<Integer> tableClusters, EngineLoop loop) {
        this.sql = sql;
        this.tableClusters = Set.copyOf(tableClusters);
        this.loop = loop;
    }

    @Override
    public Optional<NodeRecord> record(int clusterId, int nodeId) {
        if (!tableClusters.contains(clusterId)) {
            return Optional.empty();
        }
        return sql.current().row(clusterId, nodeId)
                .map(r -> new NodeRecord(r.id(), r.description() == null ? "none" : r.description()));
    }

    @Override
    public void persistState(int clusterId, int nodeId, boolean enabled) throws Exception {
        if (!tableClusters.contains(clusterId)) {
            return; // a file-provisioned cluster has no row to write
        }
        NodeStateWrite outcome = sql.persistNodeState(clusterId, nodeId, enabled);
        if (outcome == NodeStateWrite.NO_SUCH_ROW) {
            throw new IllegalStateException("node " + nodeId + " has no row in cluster " + clusterId);
        }
    }

    @Override
    public void reload() throws Exception {
        ReloadOutcome outcome = sql.reload();
        if (outcome instanceof ReloadOutcome.KeptLastGood kept) {
            throw new MiException(500, "Failed to reload", kept.error().getMessage());
        }
        ReloadOutcome.Reloaded done = (ReloadOutcome.Reloaded) outcome;
        TableDiff diff = done.diff();
        if (diff.isEmpty()) {
            return;
        }
        log.info("clusterer table reloaded: {}", diff);
        for (int clusterId : tableClusters) {
            Optional<ClusterSetup> setup = done.snapshot().setup(clusterId);
            if (setup.isPresent()) {
                loop.call((engine, now, fx) -> {
                    engine.reprovision(setup.get(), now, fx);
                    return null;
                }).get();
            }
        }
    }
}
