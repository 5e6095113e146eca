package io.sipcluster.provisioning.sql;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.BinUrl;
import io.sipcluster.provisioning.Problem;
import io.sipcluster.provisioning.config.ClusterConfig;
import io.sipcluster.provisioning.config.NodeConfig;
import io.sipcluster.wire.Str;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns rows into setups, with OpenSIPS's tolerance: a bad row for another node is skipped and reported, the
 * cluster still starts; anything wrong with this node's own row is fatal, because the node could not know where
 * it listens or what it may do (OpenSIPS {@code load_db_info}: "Invalid info for local node").
 */
final class TableValidator {
    private final NodeConfig config;
    private final String table;

    TableValidator(NodeConfig config, String table) {
        this.config = config;
        this.table = table;
    }

    /**
     * @param rows the rows of the node file's table clusters
     * @param clustersWithThisNode every cluster where the table has a row for this node
     * @throws ProvisioningException listing every fatal problem
     */
    TableSnapshot validate(List<ClustererRow> rows, Set<Integer> clustersWithThisNode) {
        List<Problem> fatal = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<ClusterSetup> setups = new ArrayList<>();
        List<ClustererRow> accepted = new ArrayList<>();
        for (int clusterId : config.tableClusterIds()) {
            List<ClustererRow> ofCluster = rows.stream().filter(r -> r.clusterId() == clusterId).toList();
            ClusterSetup s = cluster(clusterId, ofCluster, fatal, warnings, accepted);
            if (s != null) {
                setups.add(s);
            }
        }
        for (int other : clustersWithThisNode) {
            if (!config.tableClusterIds().contains(other)) {
                warnings.add(Problem.at(table, "node " + config.nodeId() + " also has a row in cluster " + other
                        + ", which the node file does not list; it is ignored"));
            }
        }
        if (!fatal.isEmpty()) {
            throw new ProvisioningException(fatal);
        }
        return new TableSnapshot(setups, accepted, warnings);
    }

    private ClusterSetup cluster(int clusterId, List<ClustererRow> rows, List<Problem> fatal, List<Problem> warnings,
                                 List<ClustererRow> accepted) {
        boolean tls = config.cluster(clusterId).flatMap(ClusterConfig::tls).isPresent();
        List<ClustererRow> own = rows.stream().filter(r -> r.nodeId() != null && r.nodeId() == config.nodeId()).toList();
        if (own.isEmpty()) {
            fatal.add(Problem.at(table, "cluster " + clusterId + ": this node (id " + config.nodeId() + ") has no row"));
            return null;
        }
        if (own.size() > 1) {
            fatal.add(Problem.at(own.get(1).where(table), "a second row for this node in cluster " + clusterId
                    + " (the first is id=" + own.get(0).id() + ")"));
            return null;
        }
        ClustererRow selfRow = own.get(0);
        NodeDescriptor self = selfDescriptor(selfRow, tls, fatal);
        if (self == null) {
            return null;
        }
        accepted.add(selfRow);
        Map<Integer, ClustererRow> byNode = new HashMap<>();
        Map<Str, ClustererRow> byUrl = new HashMap<>();
        byNode.put(self.nodeId(), selfRow);
        byUrl.put(self.url(), selfRow);
        List<NodeDescriptor> neighbours = new ArrayList<>();
        for (ClustererRow r : rows) {
            if (r == selfRow) {
                continue;
            }
            NodeDescriptor n = otherDescriptor(r, tls, byNode, byUrl, warnings);
            if (n != null) {
                neighbours.add(n);
                accepted.add(r);
                byNode.put(n.nodeId(), r);
                byUrl.put(n.url(), r);
            }
        }
        if (!self.seed() && neighbours.stream().noneMatch(NodeDescriptor::seed)) {
            warnings.add(Problem.at(table, "cluster " + clusterId + " has no seed node: capabilities that need a "
                    + "data sync may wait for a donor for ever (set flags to 'seed' on one node)"));
        }
        return new ClusterSetup(clusterId, self, neighbours, false);
    }

    private NodeDescriptor selfDescriptor(ClustererRow r, boolean tls, List<Problem> fatal) {
        List<String> wrong = new ArrayList<>();
        NodeDescriptor n = descriptor(r, wrong);
        if (n != null) {
            BinUrl url = BinUrl.parseLenient(n.url().toString());
            if (url.isWildcard()) {
                wrong.add("url: other nodes connect to this url, so it needs an address they can reach, not " + url.host());
            } else if (config.listen().stream().noneMatch(url::isServedBy)) {
                wrong.add("url: " + url + " is this node's url, but no listener of the node file serves it");
            }
            if (url.isTls() && !tls) {
                wrong.add("url: bins: needs TLS, and the node file gives this cluster no tls section");
            }
        }
        wrong.forEach(w -> fatal.add(Problem.at(r.where(table), "this node: " + w)));
        return wrong.isEmpty() ? n : null;
    }

    private NodeDescriptor otherDescriptor(ClustererRow r, boolean tls, Map<Integer, ClustererRow> byNode,
                                           Map<Str, ClustererRow> byUrl, List<Problem> warnings) {
        List<String> wrong = new ArrayList<>();
        NodeDescriptor n = descriptor(r, wrong);
        if (n != null && byNode.containsKey(n.nodeId())) {
            wrong.add("node " + n.nodeId() + " already has row id=" + byNode.get(n.nodeId()).id() + " in this cluster");
        } else if (n != null && byUrl.containsKey(n.url())) {
            wrong.add("url " + n.url() + " is already the url of node " + byUrl.get(n.url()).nodeId());
        } else if (n != null && BinUrl.parseLenient(n.url().toString()).isTls() && !tls) {
            wrong.add("url: bins: needs TLS, and the node file gives this cluster no tls section");
        }
        if (wrong.isEmpty()) {
            return n;
        }
        warnings.add(Problem.at(r.where(table), "skipped: " + String.join("; ", wrong)));
        return null;
    }

    /** The row as a node, or null with what is wrong added to {@code wrong}. */
    private static NodeDescriptor descriptor(ClustererRow r, Collection<String> wrong) {
        if (r.nodeId() == null || r.nodeId() <= 0) {
            wrong.add("node_id must be > 0, got " + r.nodeId());
        }
        BinUrl url = null;
        if (r.url() == null || r.url().isBlank()) {
            wrong.add("url is empty");
        } else {
            try {
                url = BinUrl.parseLenient(r.url());
            } catch (IllegalArgumentException e) {
                wrong.add("url: " + e.getMessage() + ", got '" + r.url() + "'");
            }
        }
        if (r.state() == null) {
            wrong.add("state is NULL");
        }
        if (r.noPingRetries() == null || r.noPingRetries() < 0) {
            wrong.add("no_ping_retries must be >= 0, got " + r.noPingRetries());
        }
        if (r.priority() == null) {
            wrong.add("priority is NULL");
        }
        if (!wrong.isEmpty()) {
            return null;
        }
        // OpenSIPS marks a seed when flags starts with "seed"; other flag text is ignored.
        boolean seed = r.flags() != null && r.flags().startsWith("seed");
        Str sipAddr = r.sipAddr() == null ? Str.EMPTY : Str.of(r.sipAddr());
        return new NodeDescriptor(r.nodeId(), url.toStr(), sipAddr, r.priority(), r.noPingRetries(), seed, r.state() != 0);
    }
}
