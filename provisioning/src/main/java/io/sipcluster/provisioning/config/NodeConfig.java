package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.config.BinUrl;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A node as its YAML file describes it, checked. Get one from {@link NodeConfigLoader#load}.
 *
 * @param nodeId this node's id in every cluster (OpenSIPS {@code my_node_id})
 * @param listen the BIN sockets to open (OpenSIPS {@code socket = bin:...} / {@code bins:...})
 * @param clusters the clusters this node belongs to, in file order
 * @param timings link probing and failure detection, the same for every cluster
 * @param management the management endpoint, empty when the file turns it off
 * @param sql the database for clusters provisioned from the {@code clusterer} table; present when the file has
 *     an {@code sql} section or a cluster says {@code provisioning: sql}
 * @param sip the SIP edge (registrar), when the node has one
 * @param usrloc the location table; present whenever {@code sip} is (single-instance when the file has no
 *     {@code usrloc} section)
 * @param calls the proxy, dialogs, limits and CDRs, when the node routes calls
 */
public record NodeConfig(int nodeId, List<BinUrl> listen, List<ClusterConfig> clusters, Timings timings,
                         Optional<ManagementConfig> management, Optional<SqlConfig> sql, Optional<SipConfig> sip,
                         Optional<UsrlocConfig> usrloc, Optional<CallsConfig> calls) {
    /** A node without a SIP edge or location table: the clusterer alone. */
    public NodeConfig(int nodeId, List<BinUrl> listen, List<ClusterConfig> clusters, Timings timings,
                      Optional<ManagementConfig> management, Optional<SqlConfig> sql) {
        this(nodeId, listen, clusters, timings, management, sql, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public NodeConfig {
        if (nodeId <= 0) {
            throw new IllegalArgumentException("node id must be > 0, got " + nodeId);
        }
        listen = List.copyOf(listen);
        clusters = List.copyOf(clusters);
        if (clusters.stream().anyMatch(ClusterConfig::isFromTable) && sql.isEmpty()) {
            throw new IllegalArgumentException("clusters provisioned from SQL need SQL settings");
        }
        if (sip.isPresent() && usrloc.isEmpty()) {
            throw new IllegalArgumentException("a SIP edge needs a location table");
        }
    }

    /** The ids of the clusters whose nodes come from the {@code clusterer} table. */
    public Set<Integer> tableClusterIds() {
        return clusters.stream().filter(ClusterConfig::isFromTable).map(ClusterConfig::id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public Optional<ClusterConfig> cluster(int clusterId) {
        return clusters.stream().filter(c -> c.id() == clusterId).findFirst();
    }

    /**
     * What the core needs when every cluster is provisioned in the file.
     *
     * @throws IllegalStateException if some cluster comes from the table: use {@link #clusterSetups(Collection)}
     */
    public List<ClusterSetup> clusterSetups() {
        if (!tableClusterIds().isEmpty()) {
            throw new IllegalStateException("clusters " + tableClusterIds()
                    + " are provisioned from SQL: load the table and pass its setups");
        }
        return clusterSetups(List.of());
    }

    /**
     * What the core needs: the file's clusters, and {@code fromTable} for the clusters provisioned in SQL (as
     * {@code SqlProvisioning} reads them), in file order.
     *
     * @throws IllegalArgumentException if a table cluster has no setup in {@code fromTable}, or it has one for a
     *     cluster the file does not provision from the table
     */
    public List<ClusterSetup> clusterSetups(Collection<ClusterSetup> fromTable) {
        Map<Integer, ClusterSetup> byId = fromTable.stream()
                .collect(Collectors.toMap(ClusterSetup::clusterId, Function.identity()));
        if (!tableClusterIds().containsAll(byId.keySet())) {
            throw new IllegalArgumentException("setups for clusters " + byId.keySet()
                    + " given, but the file provisions only " + tableClusterIds() + " from SQL");
        }
        List<ClusterSetup> setups = new ArrayList<>();
        for (ClusterConfig c : clusters) {
            Optional<ClusterSetup> fromFile = c.setup();
            ClusterSetup s = fromFile.orElseGet(() -> byId.get(c.id()));
            if (s == null) {
                throw new IllegalArgumentException("no setup from the table for cluster " + c.id());
            }
            setups.add(s);
        }
        return List.copyOf(setups);
    }

    /**
     * The TLS material a {@code bins:} listener presents: that of a file-provisioned cluster which advertises this
     * listener as its url (the loader has checked they all agree), otherwise that of the first cluster with TLS.
     */
    public Optional<TlsConfig> listenerTls(BinUrl listener) {
        for (ClusterConfig c : clusters) {
            if (c.nodes() instanceof NodeSource.File f && c.tls().isPresent()
                    && BinUrl.parseLenient(f.self().url().toString()).isServedBy(listener)) {
                return c.tls();
            }
        }
        return clusters.stream().map(ClusterConfig::tls).flatMap(Optional::stream).findFirst();
    }
}
