package io.sipcluster.provisioning.sql;

import io.sipcluster.core.config.NodeDescriptor;

import com.zaxxer.hikari.HikariDataSource;
import io.sipcluster.provisioning.Problem;
import io.sipcluster.provisioning.config.NodeConfig;
import io.sipcluster.provisioning.config.SqlConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQL provisioning for the clusters a node file marks {@code provisioning: sql}: OpenSIPS's {@code db_mode=1},
 * reading its {@code clusterer} table.
 *
 * <pre>{@code
 * try (SqlProvisioning sql = SqlProvisioning.open(config)) {
 *     TableSnapshot table = sql.load();                    // at start; throws if unusable
 *     engine = new ClusterEngine(config.nodeId(), config.clusterSetups(table.setups()), config.timings(), wall);
 *     ...
 *     ReloadOutcome r = sql.reload();                      // clusterer_reload
 *     sql.persistNodeState(1, 3, false);                   // clusterer_set_status, if persist_state
 * }
 * }</pre>
 *
 * <p>Thread-safe: loads and reloads are serialised, and {@link #current()} may be read from any thread.
 */
public final class SqlProvisioning implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqlProvisioning.class);

    private final NodeConfig config;
    private final SqlConfig sql;
    private final Dialect dialect;
    private final HikariDataSource pool;
    private final ClustererTable table;
    private final TableValidator validator;
    private volatile TableSnapshot current;
    private boolean schemaChecked;

    private SqlProvisioning(NodeConfig config, SqlConfig sql) {
        this.config = config;
        this.sql = sql;
        this.dialect = Dialect.of(sql.jdbcUrl());
        this.pool = ConnectionPools.open(sql, dialect);
        this.table = new ClustererTable(sql.table());
        this.validator = new TableValidator(config, sql.table());
    }

    /**
     * Prepares the pool for the node file's SQL settings. Nothing is connected yet.
     *
     * @throws IllegalArgumentException if the node file has no SQL settings
     */
    public static SqlProvisioning open(NodeConfig config) {
        SqlConfig sql = config.sql().orElseThrow(() -> new IllegalArgumentException("the node file has no sql settings"));
        return new SqlProvisioning(config, sql);
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * The first load: checks (or creates) the schema, reads the rows of the node file's table clusters, and makes
     * them the table in force.
     *
     * @throws ProvisioningException if the database cannot be used or the rows give this node no valid setup
     */
    public synchronized TableSnapshot load() {
        TableSnapshot snapshot = read();
        logWarnings(snapshot.warnings());
        current = snapshot;
        return snapshot;
    }

    /**
     * Re-reads the table ({@code clusterer_reload}). On success the new table is in force and the diff says what
     * changed; on failure the last good table stays in force and the outcome carries the error.
     *
     * @throws IllegalStateException if {@link #load()} never succeeded
     */
    public synchronized ReloadOutcome reload() {
        TableSnapshot before = current();
        TableSnapshot after;
        try {
            after = read();
        } catch (ProvisioningException e) {
            LOG.warn("clusterer reload failed, keeping the table loaded before: {}", e.getMessage());
            return new ReloadOutcome.KeptLastGood(before, e);
        }
        logWarnings(after.warnings());
        current = after;
        TableDiff diff = TableDiff.between(before.setups(), after.setups());
        LOG.info("clusterer table reloaded: {}", diff);
        return new ReloadOutcome.Reloaded(after, diff);
    }

    /** The table in force. */
    public TableSnapshot current() {
        TableSnapshot s = current;
        if (s == null) {
            throw new IllegalStateException("the clusterer table was never loaded");
        }
        return s;
    }

    /**
     * Records a node's enabled state in its row, as OpenSIPS does on {@code clusterer_set_status} in DB mode, so
     * that a restart or a reload keeps it. Unlike OpenSIPS, which updates this node's rows in every cluster when
     * its own state changes, only the one cluster's row is written: the command names one cluster.
     *
     * @throws ProvisioningException if the database fails; the state in memory is then still changed
     */
    public synchronized NodeStateWrite persistNodeState(int clusterId, int nodeId, boolean enabled) {
        if (!sql.persistState()) {
            return NodeStateWrite.NOT_PERSISTED;
        }
        int rows;
        try (Connection c = pool.getConnection()) {
            rows = table.updateState(c, clusterId, nodeId, enabled ? 1 : 0);
        } catch (SQLException e) {
            throw new ProvisioningException("cannot write the state of node " + nodeId + " in cluster " + clusterId
                    + " to " + sql.table() + ": " + e.getMessage(), e);
        }
        if (rows == 0) {
            return NodeStateWrite.NO_SUCH_ROW;
        }
        // Keep the table in force in step with the row, so that the next reload reports no change for it.
        TableSnapshot s = current;
        if (s != null) {
            current = s.withNodeEnabled(clusterId, nodeId, enabled);
        }
        return NodeStateWrite.WRITTEN;
    }

    /**
     * Adds a node's row (what an operator's provisioning tool or {@code INSERT} does), creating the table first if
     * the settings allow it. The running node sees it at the next {@link #reload()}.
     *
     * @throws ProvisioningException if the database refuses it (a duplicate node in the cluster, for one)
     */
    public synchronized void addNode(int clusterId, NodeDescriptor node, String description) {
        try (Connection c = pool.getConnection()) {
            if (!schemaChecked) {
                new ClustererSchema(dialect, sql).ensure(c);
                schemaChecked = true;
            }
            table.insert(c, clusterId, node, description);
        } catch (SQLException e) {
            throw new ProvisioningException("cannot add node " + node.nodeId() + " of cluster " + clusterId + " to "
                    + sql.table() + ": " + e.getMessage(), e);
        }
    }

    private TableSnapshot read() {
        try (Connection c = pool.getConnection()) {
            if (!schemaChecked) {
                new ClustererSchema(dialect, sql).ensure(c);
                schemaChecked = true;
            }
            List<ClustererRow> rows = table.rowsOf(c, config.tableClusterIds());
            Set<Integer> withThisNode = table.clustersOf(c, config.nodeId());
            return validator.validate(rows, withThisNode);
        } catch (SQLException e) {
            throw new ProvisioningException("cannot read " + sql.table() + " from " + redacted(sql.jdbcUrl()) + ": "
                    + e.getMessage(), e);
        }
    }

    private void logWarnings(List<Problem> warnings) {
        warnings.forEach(w -> LOG.warn("{}", w));
    }

    /** JDBC urls may carry a password as a parameter; it has no place in a log line or an error. */
    static String redacted(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public void close() {
        pool.close();
    }
}
