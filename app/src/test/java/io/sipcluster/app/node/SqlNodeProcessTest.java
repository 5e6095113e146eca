package io.sipcluster.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sipcluster.mgmt.client.MiClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes, real databases: {@code sipcluster node --config FILE} JVMs, node 1 provisioned from the local
 * MariaDB and node 2 from the local PostgreSQL (each holding the same two rows of the {@code clusterer} table), a
 * third from MariaDB added later with {@code clusterer_reload}. They form a cluster, see a {@code kill -9}, and
 * take the node back when it restarts. Everything goes through the nodes' JSON-RPC management, as an operator's
 * tools would.
 */
class SqlNodeProcessTest {
    private static final String TOKEN = "process-test-token-0123456789";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    @TempDir
    Path dir;

    private final String table = String.format("cl_%08x", ThreadLocalRandom.current().nextInt());
    private final String versionTable = "ver_" + table.substring(3);
    private final int[] bin = new int[4];
    private final int[] mgmt = new int[4];
    private final Process[] nodes = new Process[4];

    @BeforeEach
    void provision() throws Exception {
        for (int id = 1; id <= 3; id++) {
            bin[id] = freePort();
            mgmt[id] = freePort();
        }
        Files.writeString(dir.resolve("mgmt.token"), TOKEN);
        writeNodeFile(1, MARIADB, "root");
        writeNodeFile(2, POSTGRES, "postgres");
        writeNodeFile(3, MARIADB, "root");
        // The table as an operator (or OpenSIPS's scripts) made it, without a version row: the nodes record it.
        createTable(MARIADB, "root", "INT(10) AUTO_INCREMENT", "CHAR(64)");
        createTable(POSTGRES, "postgres", "SERIAL", "VARCHAR(64)");
        for (String[] db : List.of(new String[] {MARIADB, "root"}, new String[] {POSTGRES, "postgres"})) {
            insertRow(db[0], db[1], 1);
            insertRow(db[0], db[1], 2);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : nodes) {
            if (p != null) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        sql(MARIADB, "root", "DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + versionTable);
        sql(POSTGRES, "postgres", "DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + versionTable);
    }

    @Test
    void nodesProvisionedFromMariaDbAndPostgresFormFailRecoverAndReload() throws Exception {
        start(1);
        start(2);
        awaitLink(1, 2, "Up");
        awaitLink(2, 1, "Up");
        assertThat(node(mi(1).call("clusterer_list"), 2).path("description").asText()).isEqualTo("row of node 2");

        nodes[2].destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9
        long killed = System.nanoTime();
        awaitLink(1, 2, "Down");
        long detectedMillis = (System.nanoTime() - killed) / 1_000_000;
        assertThat(detectedMillis).as("FAST detects a dead node in under a second").isLessThan(5_000);

        start(2);
        awaitLink(1, 2, "Up");
        awaitLink(2, 1, "Up");

        insertRow(MARIADB, "root", 3);
        insertRow(POSTGRES, "postgres", 3);
        assertThat(mi(1).call("clusterer_reload").asText()).isEqualTo("OK");
        assertThat(mi(2).call("clusterer_reload").asText()).isEqualTo("OK");
        start(3);
        awaitLink(1, 3, "Up");
        awaitLink(2, 3, "Up");
        awaitLink(3, 2, "Up");
    }

    // ------------------------------------------------------------------ helpers

    private void writeNodeFile(int id, String url, String user) throws IOException {
        Files.writeString(dir.resolve("node" + id + ".yaml"), """
                node_id: %d
                listen: [bin:127.0.0.1:%d]
                timings: fast
                clusters:
                  - id: 1
                    provisioning: sql
                sql:
                  url: %s
                  user: %s
                  table: %s
                  version_table: %s
                management:
                  listen: 127.0.0.1:%d
                  token_file: mgmt.token
                """.formatted(id, bin[id], url, user, table, versionTable, mgmt[id]));
    }

    private void createTable(String url, String user, String idType, String text) throws Exception {
        sql(url, user, "CREATE TABLE " + table + " (id " + idType + " PRIMARY KEY"
                + ", cluster_id INTEGER NOT NULL, node_id INTEGER NOT NULL, url " + text + " NOT NULL,"
                + " state INTEGER DEFAULT 1 NOT NULL, no_ping_retries INTEGER DEFAULT 3 NOT NULL,"
                + " priority INTEGER DEFAULT 50 NOT NULL, sip_addr " + text + ", flags " + text + ", description "
                + text + ", CONSTRAINT " + table + "_node UNIQUE (cluster_id, node_id))");
    }

    private void insertRow(String url, String user, int id) throws Exception {
        sql(url, user, "INSERT INTO " + table + " (cluster_id, node_id, url, flags, description) VALUES (1, " + id
                + ", 'bin:127.0.0.1:" + bin[id] + "', " + (id == 1 ? "'seed'" : "NULL") + ", 'row of node " + id
                + "')");
    }

    private static void sql(String url, String user, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    private void start(int id) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.sipcluster.app.Main", "node", "--config",
                dir.resolve("node" + id + ".yaml").toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("node" + id + ".log").toFile());
        nodes[id] = pb.start();
    }

    private MiClient mi(int id) {
        return new MiClient(URI.create("http://127.0.0.1:" + mgmt[id] + "/mi"), TOKEN, Duration.ofSeconds(5));
    }

    /** Waits (at most 30 s: JVM start included) until {@code from} lists {@code to} with that link state. */
    private void awaitLink(int from, int to, String state) {
        Awaitility.await("node " + from + " sees node " + to + " " + state)
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(IOException.class) // management not listening yet
                .untilAsserted(() -> {
                    assertThat(nodes[from].isAlive()).as("node %d runs (log: %s)", from, log(from)).isTrue();
                    JsonNode n = node(mi(from).call("clusterer_list"), to);
                    assertThat(n.path("link_state").asText()).as("%s; log of node %d:%n%s", n, from, log(from))
                            .isEqualTo(state);
                });
    }

    private static JsonNode node(JsonNode list, int nodeId) {
        for (JsonNode n : list.path("Clusters").get(0).path("Nodes")) {
            if (n.path("node_id").asInt() == nodeId) {
                return n;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private String log(int id) {
        try {
            return Files.readString(dir.resolve("node" + id + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
