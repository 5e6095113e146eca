package io.sipcluster.provisioning.sql;

import io.sipcluster.provisioning.config.SqlConfig;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Makes sure the database holds a {@code clusterer} table of the version this code reads, creating it in an empty
 * database. The version is recorded the way OpenSIPS records it, a row {@code (clusterer, 4)} in its
 * {@code version} table, so that OpenSIPS nodes and its tools ({@code opensips-cli}) accept a database sipcluster
 * created, and sipcluster accepts theirs.
 *
 * <p>Flyway is deliberately not used: its history table means nothing to OpenSIPS, it cannot adopt a table that
 * OpenSIPS created without a baseline step, and the whole schema is one table at one version.
 */
final class ClustererSchema {
    /** OpenSIPS's {@code CLUSTERER_TABLE_VERSION}: the columns id .. description read here. */
    static final int TABLE_VERSION = 4;
    static final List<String> COLUMNS = List.of("id", "cluster_id", "node_id", "url", "state", "no_ping_retries",
            "priority", "sip_addr", "flags", "description");

    private final Dialect dialect;
    private final SqlConfig sql;

    ClustererSchema(Dialect dialect, SqlConfig sql) {
        this.dialect = dialect;
        this.sql = sql;
    }

    /**
     * Checks the schema, creating what is missing when the settings allow it.
     *
     * @throws ProvisioningException when the schema is missing and may not be created, or is of another version
     */
    void ensure(Connection c) throws SQLException {
        if (!tableExists(c, sql.versionTable())) {
            requireCreation("the table " + sql.versionTable() + " is missing");
            execute(c, dialect.createVersion(sql.versionTable()));
        }
        Integer version = recordedVersion(c);
        boolean tableExists = tableExists(c, sql.table());
        if (version != null && version != TABLE_VERSION) {
            throw new ProvisioningException("table " + sql.table() + " is version " + version + " (in "
                    + sql.versionTable() + "), sipcluster reads version " + TABLE_VERSION
                    + "; upgrade it with OpenSIPS's migration tools first", null);
        }
        if (tableExists && version == null) {
            adoptUnversionedTable(c);
            return;
        }
        if (!tableExists) {
            requireCreation("the table " + sql.table() + " is missing");
            c.setAutoCommit(false);
            try {
                execute(c, dialect.createClusterer(sql.table()));
                if (version == null) {
                    recordVersion(c);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                // Another node may have created it at the same moment; if the result is right, so be it.
                if (recordedVersion(c) == null || !tableExists(c, sql.table())) {
                    throw e;
                }
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * A table without a version row (created by hand, or the version row was lost): it is taken if it has the
     * version 4 columns, and its version is then recorded, as OpenSIPS would otherwise refuse it.
     */
    private void adoptUnversionedTable(Connection c) throws SQLException {
        Set<String> columns = columns(c, sql.table());
        List<String> missing = COLUMNS.stream().filter(col -> !columns.contains(col)).toList();
        if (!missing.isEmpty()) {
            throw new ProvisioningException("table " + sql.table() + " has no version row in " + sql.versionTable()
                    + " and lacks the version " + TABLE_VERSION + " columns " + missing, null);
        }
        requireCreation("table " + sql.table() + " has no version row in " + sql.versionTable());
        recordVersion(c);
    }

    private void requireCreation(String what) {
        if (!sql.createSchema()) {
            throw new ProvisioningException(what + " and create_schema is false: create it with OpenSIPS's "
                    + "scripts or let sipcluster create it", null);
        }
    }

    private Integer recordedVersion(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT table_version FROM " + sql.versionTable() + " WHERE table_name = ?")) {
            s.setQueryTimeout((int) Dialect.QUERY_TIMEOUT.toSeconds());
            s.setString(1, sql.table());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private void recordVersion(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO " + sql.versionTable() + " (table_name, table_version) VALUES (?, ?)")) {
            s.setString(1, sql.table());
            s.setInt(2, TABLE_VERSION);
            s.executeUpdate();
        }
    }

    private void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : statements) {
                s.execute(ddl);
            }
        }
    }

    private boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(catalog(c), schema(c), pattern(meta, dialect.metadataName(name)),
                new String[] {"TABLE"})) {
            while (rs.next()) {
                // Patterns are LIKE-style and some drivers ignore case: compare the name exactly as stored.
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    private Set<String> columns(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Set<String> names = new HashSet<>();
        try (ResultSet rs = meta.getColumns(catalog(c), schema(c), pattern(meta, dialect.metadataName(table)), "%")) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** MariaDB calls the database a catalog; only the connection's own database counts. */
    private String catalog(Connection c) throws SQLException {
        return dialect == Dialect.MARIADB ? c.getCatalog() : null;
    }

    /** In PostgreSQL, only the schema the connection works in counts (a clusterer table elsewhere is not ours). */
    private String schema(Connection c) throws SQLException {
        return dialect == Dialect.POSTGRESQL ? c.getSchema() : null;
    }

    /** Table names contain '_', a wildcard in metadata patterns. */
    private static String pattern(DatabaseMetaData meta, String name) throws SQLException {
        String escape = meta.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
