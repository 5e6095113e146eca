package io.sipcluster.provisioning.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.provisioning.Problem;
import io.sipcluster.provisioning.config.NodeConfig;
import io.sipcluster.provisioning.config.NodeConfigLoader;
import io.sipcluster.wire.Str;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What SQL provisioning must do on every supported database. Each subclass runs it against a real one: an SQLite
 * file, and the local MariaDB and PostgreSQL servers.
 */
abstract class SqlProvisioningContract {
    final TestDatabase db;

    SqlProvisioningContract(TestDatabase db) {
        this.db = db;
    }

    @AfterEach
    void dropTables() throws SQLException {
        db.dropTables();
    }

    NodeConfig node(int nodeId, String extraSql) {
        return node(nodeId, db.url(), extraSql);
    }

    /**
     * Generous, so that a loaded test machine does not turn a slow connection into a failure; the outage test sets
     * its own.
     */
    NodeConfig node(int nodeId, String url, String extraSql) {
        return node(nodeId, url, "5s", extraSql);
    }

    NodeConfig node(int nodeId, String url, String connectTimeout, String extraSql) {
        String yaml = """
                node_id: %d
                listen: [bin:10.0.0.%d:5555]
                management: {auth: none}
                clusters:
                  - {id: 1, provisioning: sql}
                  - {id: 2, provisioning: sql}
                sql:
                  url: '%s'
                  table: %s
                  version_table: %s
                  connect_timeout: %s
                %s""".formatted(nodeId, nodeId, url, db.table, db.versionTable, connectTimeout,
                (db.user() == null ? "" : "  user: " + db.user() + "\n") + extraSql);
        return new NodeConfigLoader().parse(yaml, Path.of("/tmp"), "test node file");
    }

    /** Inserts a row the way an operator would, leaving id and defaults to the database. */
    void insert(int clusterId, int nodeId, String url, String flags) throws SQLException {
        db.execute("INSERT INTO " + db.table + " (cluster_id, node_id, url, flags) VALUES (" + clusterId + ", "
                + nodeId + ", '" + url + "', " + (flags == null ? "NULL" : "'" + flags + "'") + ")");
    }

    void threeNodesInTwoClusters() throws SQLException {
        try (SqlProvisioning sql = SqlProvisioning.open(node(1, ""))) {
            // Creates the schema, then finds no row for this node.
            assertThat(catchThrowableOfType(ProvisioningException.class, sql::load).problems()).isNotEmpty();
        }
        insert(1, 1, "bin:10.0.0.1:5555", "seed");
        insert(1, 2, "bin:10.0.0.2:5555", null);
        insert(1, 3, "10.0.0.3", null);
        insert(2, 1, "bin:10.0.0.1:5555", null);
        insert(2, 3, "bin:10.0.0.3:5555", "seed");
    }

    @Test
    void anEmptyDatabaseGetsOpenSipsSchemaAndThenNeedsThisNodesRow() throws SQLException {
        try (SqlProvisioning sql = SqlProvisioning.open(node(1, ""))) {
            ProvisioningException e = catchThrowableOfType(ProvisioningException.class, sql::load);
            assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                    db.table + ": cluster 1: this node (id 1) has no row",
                    db.table + ": cluster 2: this node (id 1) has no row");
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_version FROM " + db.versionTable
                     + " WHERE table_name = '" + db.table + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(4);
        }
        // The defaults are OpenSIPS's: state 1, 3 retries, priority 50; the unique key is (cluster_id, node_id).
        insert(1, 1, "bin:10.0.0.1:5555", null);
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, state, no_ping_retries, priority FROM " + db.table)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("id")).isPositive();
            assertThat(List.of(rs.getInt("state"), rs.getInt("no_ping_retries"), rs.getInt("priority")))
                    .containsExactly(1, 3, 50);
        }
        assertThatThrownBy(() -> insert(1, 1, "bin:10.0.0.9:5555", null)).isInstanceOf(SQLException.class);
    }

    @Test
    void theRowsOfEveryClusterOfThisNodeBecomeSetupsWithoutDiscovery() throws SQLException {
        threeNodesInTwoClusters();
        db.execute("UPDATE " + db.table + " SET priority = 10, no_ping_retries = 5, sip_addr = '10.0.0.2:5060', "
                + "state = 0, description = 'edge' WHERE node_id = 2");
        insert(9, 1, "bin:10.0.0.1:5555", null);

        try (SqlProvisioning sql = SqlProvisioning.open(node(1, ""))) {
            TableSnapshot t = sql.load();

            assertThat(t.setups()).extracting(ClusterSetup::clusterId).containsExactly(1, 2);
            ClusterSetup one = t.setup(1).orElseThrow();
            assertThat(one.discovery()).as("db_mode: only nodes in the table are accepted").isFalse();
            assertThat(one.self()).isEqualTo(NodeDescriptor.of(1, "bin:10.0.0.1:5555").asSeed());
            assertThat(one.neighbours()).containsExactly(
                    new NodeDescriptor(2, Str.of("bin:10.0.0.2:5555"), Str.of("10.0.0.2:5060"), 10, 5, false, false),
                    NodeDescriptor.of(3, "bin:10.0.0.3:5555"));
            assertThat(t.setup(2).orElseThrow().neighbours()).containsExactly(NodeDescriptor.of(3, "bin:10.0.0.3:5555").asSeed());
            assertThat(t.row(1, 2).orElseThrow().description()).isEqualTo("edge");
            assertThat(t.warnings()).extracting(Problem::toString).containsExactly(
                    db.table + ": node 1 also has a row in cluster 9, which the node file does not list; it is ignored");
        }
    }

    @Test
    void aBadRowOfAnotherNodeIsSkippedAndReported() throws SQLException {
        threeNodesInTwoClusters();
        insert(1, 4, "udp:10.0.0.4:5060", null);
        insert(1, 5, "bin:10.0.0.2:5555", null);
        insert(1, 6, "bins:10.0.0.6:5556", null);

        try (SqlProvisioning sql = SqlProvisioning.open(node(1, ""))) {
            TableSnapshot t = sql.load();

            assertThat(t.setup(1).orElseThrow().neighbours()).extracting(NodeDescriptor::nodeId).containsExactly(2, 3);
            assertThat(t.warnings()).extracting(Problem::toString).containsExactly(
                    where(1, 4) + ": skipped: url: protocol 'udp' is not bin or bins, got 'udp:10.0.0.4:5060'",
                    where(1, 5) + ": skipped: url bin:10.0.0.2:5555 is already the url of node 2",
                    where(1, 6) + ": skipped: url: bins: needs TLS, and the node file gives this cluster no tls section");
        }
    }

    @Test
    void whatIsWrongWithThisNodesOwnRowIsFatal() throws SQLException {
        threeNodesInTwoClusters();
        db.execute("UPDATE " + db.table + " SET url = 'bin:10.0.0.1:6000' WHERE node_id = 1 AND cluster_id = 1",
                "UPDATE " + db.table + " SET url = 'bin:10.0.0.1:x' WHERE node_id = 1 AND cluster_id = 2");

        try (SqlProvisioning sql = SqlProvisioning.open(node(1, ""))) {
            ProvisioningException e = catchThrowableOfType(ProvisioningException.class, sql::load);
            assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                    where(1, 1) + ": this node: url: bin:10.0.0.1:6000 is this node's url, but no listener of the node file serves it",
                    where(2, 1) + ": this node: url: port must be a number 1-65535, got 'x', got 'bin:10.0.0.1:x'");
        }
    }

    @Test
    void duplicateNodesInAHandMadeTableAreCaught() throws SQLException {
        // A table made without OpenSIPS's unique key, and without a version row: adopted, as it has the columns.
        db.execute("CREATE TABLE " + db.table + " (id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, "
                + "node_id INTEGER NOT NULL, url VARCHAR(64) NOT NULL, state INTEGER DEFAULT 1 NOT NULL, "
                + "no_ping_retries INTEGER DEFAULT 3 NOT NULL, priority INTEGER DEFAULT 50 NOT NULL, "
                + "sip_addr VARCHAR(64), flags VARCHAR(64), description VARCHAR(64))");
        String cols = " (id, cluster_id, node_id, url) VALUES ";
        db.execute("INSERT INTO " + db.table + cols + "(1, 1, 1, 'bin:10.0.0.1:5555')",
                "INSERT INTO " + db.table + cols + "(2, 1, 2, 'bin:10.0.0.2:5555')",
                "INSERT INTO " + db.table + cols + "(3, 1, 2, 'bin:10.0.0.22:5555')",
                "INSERT INTO " + db.table + cols + "(4, 2, 1, 'bin:10.0.0.1:5555')",
                "INSERT INTO " + db.table + cols + "(5, 2, 1, 'bin:10.0.0.1:5555')");

        try (SqlProvisioning sql = SqlProvisioning.open(node(1, ""))) {
            ProvisioningException e = catchThrowableOfType(ProvisioningException.class, sql::load);
            assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                    db.table + " row id=5 (cluster 2, node 1): a second row for this node in cluster 2 (the first is id=4)");
            db.execute("DELETE FROM " + db.table + " WHERE id = 5");
            TableSnapshot t = sql.load();
            assertThat(t.setup(1).orElseThrow().neighbours()).containsExactly(NodeDescriptor.of(2, "bin:10.0.0.2:5555"));
            assertThat(t.warnings()).extracting(Problem::toString).contains(
                    db.table + " row id=3 (cluster 1, node 2): skipped: node 2 already has row id=2 in this cluster");
        }
    }

    @Test
    void aReloadReturnsTheNewSetupsAndWhatChanged() throws SQLException {
        threeNodesInTwoClusters();
        try (SqlProvisioning sql = SqlProvisioning.open(node(1, ""))) {
            sql.load();
            assertThat(((ReloadOutcome.Reloaded) sql.reload()).diff().isEmpty()).isTrue();

            insert(1, 4, "bin:10.0.0.4:5555", null);
            db.execute("DELETE FROM " + db.table + " WHERE cluster_id = 2 AND node_id = 3",
                    "UPDATE " + db.table + " SET priority = 7 WHERE cluster_id = 1 AND node_id = 2");
            ReloadOutcome r = sql.reload();

            assertThat(r).isInstanceOf(ReloadOutcome.Reloaded.class);
            TableDiff diff = ((ReloadOutcome.Reloaded) r).diff();
            assertThat(diff.added()).containsExactly(new TableDiff.Entry(1, NodeDescriptor.of(4, "bin:10.0.0.4:5555")));
            assertThat(diff.removed()).containsExactly(new TableDiff.Entry(2, NodeDescriptor.of(3, "bin:10.0.0.3:5555").asSeed()));
            assertThat(diff.changed()).containsExactly(new TableDiff.Change(1, NodeDescriptor.of(2, "bin:10.0.0.2:5555"),
                    NodeDescriptor.of(2, "bin:10.0.0.2:5555").withPriority(7)));
            assertThat(sql.current()).isSameAs(r.snapshot());
            assertThat(sql.current().setup(2).orElseThrow().neighbours()).isEmpty();
        }
    }

    @Test
    void aReloadThatFindsNoUsableTableKeepsTheLastGoodOne() throws SQLException {
        threeNodesInTwoClusters();
        try (SqlProvisioning sql = SqlProvisioning.open(node(1, ""))) {
            TableSnapshot good = sql.load();

            db.execute("DELETE FROM " + db.table + " WHERE node_id = 1 AND cluster_id = 2");
            ReloadOutcome invalid = sql.reload();
            assertThat(invalid).isInstanceOf(ReloadOutcome.KeptLastGood.class);
            assertThat(((ReloadOutcome.KeptLastGood) invalid).error().problems()).extracting(Problem::toString)
                    .containsExactly(db.table + ": cluster 2: this node (id 1) has no row");
            assertThat(sql.current()).isSameAs(good);

            db.execute("DROP TABLE " + db.table);
            ReloadOutcome failed = sql.reload();
            assertThat(failed).isInstanceOf(ReloadOutcome.KeptLastGood.class);
            assertThat(((ReloadOutcome.KeptLastGood) failed).error()).hasMessageStartingWith("cannot read " + db.table);
            assertThat(failed.snapshot()).isSameAs(good);
        }
    }

    @Test
    void nodeStateIsWrittenToItsRowWhenPersistenceIsOn() throws SQLException {
        threeNodesInTwoClusters();
        try (SqlProvisioning sql = SqlProvisioning.open(node(1, ""))) {
            sql.load();
            assertThat(sql.persistNodeState(1, 2, false)).isEqualTo(NodeStateWrite.WRITTEN);
            assertThat(stateOf(1, 2)).isZero();
            assertThat(stateOf(2, 1)).as("other rows untouched").isEqualTo(1);
            assertThat(sql.current().setup(1).orElseThrow().neighbours().get(0).enabled()).isFalse();
            assertThat(((ReloadOutcome.Reloaded) sql.reload()).diff().isEmpty())
                    .as("the table in force followed the write").isTrue();
            assertThat(sql.persistNodeState(1, 9, false)).isEqualTo(NodeStateWrite.NO_SUCH_ROW);
            assertThat(sql.persistNodeState(1, 1, false)).isEqualTo(NodeStateWrite.WRITTEN);
            assertThat(stateOf(1, 1)).isZero();
        }
        try (SqlProvisioning sql = SqlProvisioning.open(node(1, "  persist_state: false\n"))) {
            sql.load();
            assertThat(sql.persistNodeState(1, 2, true)).isEqualTo(NodeStateWrite.NOT_PERSISTED);
            assertThat(stateOf(1, 2)).isZero();
        }
    }

    @Test
    void aTableOfAnotherVersionIsRefused() throws SQLException {
        threeNodesInTwoClusters();
        db.execute("UPDATE " + db.versionTable + " SET table_version = 3 WHERE table_name = '" + db.table + "'");
        try (SqlProvisioning sql = SqlProvisioning.open(node(1, ""))) {
            assertThatThrownBy(sql::load).isInstanceOf(ProvisioningException.class)
                    .hasMessage("table " + db.table + " is version 3 (in " + db.versionTable
                            + "), sipcluster reads version 4; upgrade it with OpenSIPS's migration tools first");
        }
    }

    @Test
    void withoutCreateSchemaAMissingTableIsAnError() {
        try (SqlProvisioning sql = SqlProvisioning.open(node(1, "  create_schema: false\n"))) {
            assertThatThrownBy(sql::load).isInstanceOf(ProvisioningException.class)
                    .hasMessageStartingWith("the table " + db.versionTable + " is missing and create_schema is false");
        }
    }

    int stateOf(int clusterId, int nodeId) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT state FROM " + db.table + " WHERE cluster_id = ? AND node_id = ?")) {
            s.setInt(1, clusterId);
            s.setInt(2, nodeId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getInt(1);
            }
        }
    }

    String where(int clusterId, int nodeId) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT id FROM " + db.table + " WHERE cluster_id = ? AND node_id = ?")) {
            s.setInt(1, clusterId);
            s.setInt(2, nodeId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return db.table + " row id=" + rs.getInt(1) + " (cluster " + clusterId + ", node " + nodeId + ")";
            }
        }
    }
}
