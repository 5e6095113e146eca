package io.sipcluster.provisioning.sql;

import io.sipcluster.core.config.NodeDescriptor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The queries on the node table. Names are checked identifiers ({@code SqlConfig.TABLE_NAME}); values are bound. */
final class ClustererTable {
    private static final String COLUMNS = String.join(", ", ClustererSchema.COLUMNS);

    private final String table;
    private final int queryTimeoutSeconds = (int) Dialect.QUERY_TIMEOUT.toSeconds();

    ClustererTable(String table) {
        this.table = table;
    }

    /** Every row of the given clusters, ordered by cluster, node and row id (so the first of duplicates wins). */
    List<ClustererRow> rowsOf(Connection c, Collection<Integer> clusterIds) throws SQLException {
        if (clusterIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(clusterIds.size(), "?"));
        String query = "SELECT " + COLUMNS + " FROM " + table + " WHERE cluster_id IN (" + marks + ")"
                + " ORDER BY cluster_id, node_id, id";
        try (PreparedStatement s = c.prepareStatement(query)) {
            s.setQueryTimeout(queryTimeoutSeconds);
            int i = 1;
            for (int id : clusterIds) {
                s.setInt(i++, id);
            }
            List<ClustererRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    /** The clusters in which {@code nodeId} has a row (the first query of OpenSIPS's load). */
    Set<Integer> clustersOf(Connection c, int nodeId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT cluster_id FROM " + table + " WHERE node_id = ?")) {
            s.setQueryTimeout(queryTimeoutSeconds);
            s.setInt(1, nodeId);
            Set<Integer> ids = new TreeSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            return ids;
        }
    }

    /** Adds one row; the database numbers it. */
    void insert(Connection c, int clusterId, NodeDescriptor n, String description) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                + " (cluster_id, node_id, url, state, no_ping_retries, priority, sip_addr, flags, description)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setQueryTimeout(queryTimeoutSeconds);
            s.setInt(1, clusterId);
            s.setInt(2, n.nodeId());
            s.setString(3, n.url().toString());
            s.setInt(4, n.enabled() ? 1 : 0);
            s.setInt(5, n.noPingRetries());
            s.setInt(6, n.priority());
            s.setString(7, n.sipAddr().isEmpty() ? null : n.sipAddr().toString());
            s.setString(8, n.seed() ? "seed" : null);
            s.setString(9, description);
            s.executeUpdate();
        }
    }

    /** Sets the {@code state} of one node in one cluster; returns the number of rows changed. */
    int updateState(Connection c, int clusterId, int nodeId, int state) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE " + table + " SET state = ? WHERE cluster_id = ? AND node_id = ?")) {
            s.setQueryTimeout(queryTimeoutSeconds);
            s.setInt(1, state);
            s.setInt(2, clusterId);
            s.setInt(3, nodeId);
            return s.executeUpdate();
        }
    }

    private static ClustererRow row(ResultSet rs) throws SQLException {
        return new ClustererRow(rs.getInt("id"), integer(rs, "cluster_id"), integer(rs, "node_id"), text(rs, "url"),
                integer(rs, "state"), integer(rs, "no_ping_retries"), integer(rs, "priority"), text(rs, "sip_addr"),
                text(rs, "flags"), text(rs, "description"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** CHAR columns may come back padded with spaces; the padding is storage, not value. */
    private static String text(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? null : v.stripTrailing();
    }
}
