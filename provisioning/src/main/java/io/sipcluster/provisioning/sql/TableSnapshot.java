package io.sipcluster.provisioning.sql;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.provisioning.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node table as last read and accepted: the core's setups for the table-provisioned clusters (discovery off,
 * as OpenSIPS {@code db_mode=1}), the rows they came from, and what was wrong but not fatal.
 *
 * @param rows the rows behind {@code setups}, for management ({@code db_id} and {@code description} in
 *     {@code clusterer_list})
 * @param warnings rows skipped (a bad row for another node is skipped, as OpenSIPS does) and notices (a cluster
 *     without a seed node, rows of clusters the node file does not list)
 */
public record TableSnapshot(List<ClusterSetup> setups, List<ClustererRow> rows, List<Problem> warnings) {
    public TableSnapshot {
        setups = List.copyOf(setups);
        rows = List.copyOf(rows);
        warnings = List.copyOf(warnings);
    }

    public Optional<ClusterSetup> setup(int clusterId) {
        return setups.stream().filter(s -> s.clusterId() == clusterId).findFirst();
    }

    /** The row a node's entry came from. */
    public Optional<ClustererRow> row(int clusterId, int nodeId) {
        return rows.stream().filter(r -> r.clusterId() == clusterId && r.nodeId() == nodeId).findFirst();
    }

    /** The same table with one node's {@code state} changed, as written by a state update. */
    TableSnapshot withNodeEnabled(int clusterId, int nodeId, boolean enabled) {
        List<ClusterSetup> changed = new ArrayList<>();
        for (ClusterSetup s : setups) {
            if (s.clusterId() != clusterId) {
                changed.add(s);
                continue;
            }
            NodeDescriptor self = s.self().nodeId() == nodeId ? withEnabled(s.self(), enabled) : s.self();
            List<NodeDescriptor> neighbours = s.neighbours().stream()
                    .map(n -> n.nodeId() == nodeId ? withEnabled(n, enabled) : n).toList();
            changed.add(new ClusterSetup(s.clusterId(), self, neighbours, s.discovery()));
        }
        List<ClustererRow> newRows = rows.stream()
                .map(r -> r.clusterId() == clusterId && r.nodeId() == nodeId
                        ? new ClustererRow(r.id(), r.clusterId(), r.nodeId(), r.url(), enabled ? 1 : 0,
                                r.noPingRetries(), r.priority(), r.sipAddr(), r.flags(), r.description())
                        : r)
                .toList();
        return new TableSnapshot(changed, newRows, warnings);
    }

    private static NodeDescriptor withEnabled(NodeDescriptor n, boolean enabled) {
        return new NodeDescriptor(n.nodeId(), n.url(), n.sipAddr(), n.priority(), n.noPingRetries(), n.seed(), enabled);
    }
}
