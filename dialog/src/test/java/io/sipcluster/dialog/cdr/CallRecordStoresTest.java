package io.sipcluster.dialog.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sipcluster.dialog.CallRecord;
import io.sipcluster.provisioning.config.SqlConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CDR stores for real: an SQL table in SQLite, MariaDB and PostgreSQL, and a CSV file. */
class CallRecordStoresTest {
    @TempDir
    Path dir;

    private final String table = String.format("cdr_t%08x", ThreadLocalRandom.current().nextInt() & 0x7fffffff);

    private static CallRecord record(int i, int node) {
        return new CallRecord("call-" + i + "@192.0.2.1", "from-" + i, "to-" + i, "sip:alice@example.com",
                "sip:bob@example.com", 1_795_000_000_000L, 1_795_000_001_000L, 1_795_000_031_500L, "bye-caller", node);
    }

    private SqlConfig config(String db) {
        SqlConfig c = switch (db) {
            case "sqlite" -> SqlConfig.of("jdbc:sqlite:" + dir.resolve("cdr.db"));
            case "mariadb" -> SqlConfig.of("jdbc:mariadb://127.0.0.1:3306/test").withUser("root", null);
            case "postgresql" -> SqlConfig.of("jdbc:postgresql://127.0.0.1:5432/test").withUser("postgres", null);
            default -> throw new IllegalArgumentException(db);
        };
        return c.withTables(table, "ver_" + table.substring(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "mariadb", "postgresql"})
    void aCallWrittenTwiceIsOneRow(String db) throws Exception {
        SqlConfig c = config(db);
        SqlCallRecords store;
        try {
            store = SqlCallRecords.openDirect(c);
        } catch (java.sql.SQLException down) {
            assumeTrue(!db.equals("sqlite"), "SQLite must always work: " + down);
            assumeTrue(false, db + " does not answer here: " + down.getMessage());
            return;
        }
        try {
            store.write(IntStream.range(0, 100).mapToObj(i -> record(i, 1)).toList());
            // the backup writes what it kept for the handover: half of it the dead node had written already
            store.write(IntStream.range(50, 150).mapToObj(i -> record(i, 2)).toList());
            assertThat(store.count()).isEqualTo(150);
            try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user().orElse(null), "");
                 Statement s = conn.createStatement();
                 var rs = s.executeQuery("SELECT node_id, duration, end_reason FROM " + table
                         + " WHERE call_id = 'call-60@192.0.2.1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the first record of a call stays").isEqualTo(1);
                assertThat(rs.getLong(2)).isEqualTo(30);
                assertThat(rs.getString(3)).isEqualTo("bye-caller");
            }
        } finally {
            try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user().orElse(null), "");
                 Statement s = conn.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
            store.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void nodesOpeningTheTableTogetherAllGetIt(String db) throws Exception {
        SqlConfig c = config(db);
        int nodes = 6;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(nodes);
        List<java.util.concurrent.Future<SqlCallRecords>> opened = new java.util.ArrayList<>();
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < nodes; i++) {
                opened.add(pool.submit(() -> {
                    go.await();
                    return SqlCallRecords.openDirect(c);
                }));
            }
            go.countDown();
            for (var f : opened) {
                SqlCallRecords s;
                try {
                    s = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assumeTrue(!(e.getCause() instanceof java.sql.SQLTransientConnectionException),
                            db + " does not answer here");
                    throw e;
                }
                s.write(List.of(record(1, 1)));
                s.close();
            }
        } finally {
            pool.shutdownNow();
            try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user().orElse(null), "");
                 Statement s = conn.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
            } catch (java.sql.SQLException down) {
                // nothing was made
            }
        }
    }

    @Test
    void theCsvFileHasAHeaderAndOneQuotedLinePerCall() throws Exception {
        Path file = dir.resolve("sub/cdr.csv");
        AsyncCallRecords csv = CsvCallRecords.open(file);
        csv.write(record(1, 1));
        csv.write(new CallRecord("odd,\"id\"", "f", "t", "sip:a@x", "sip:b@x", 0, 1_000, 61_000, "timeout", 2));
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> csv.written() == 2);
        csv.close();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(CsvCallRecords.HEADER);
        assertThat(lines.get(1)).startsWith("call-1@192.0.2.1,from-1,to-1,").endsWith(",30,bye-caller,1");
        assertThat(lines.get(2)).startsWith("\"odd,\"\"id\"\"\",f,t,").contains(",,").endsWith(",60,timeout,2");
        // reopening appends without a second header
        CsvCallRecords.open(file).close();
        assertThat(Files.readAllLines(file)).hasSize(3);
    }

    @Test
    void aStoreThatFailsIsRetriedWithoutLosingRecords() throws Exception {
        int[] failuresLeft = {2};
        List<CallRecord> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        AsyncCallRecords async = new AsyncCallRecords(batch -> {
            if (failuresLeft[0]-- > 0) {
                throw new java.io.IOException("store down");
            }
            stored.addAll(batch);
        }, 1000, "cdr-test");
        for (int i = 0; i < 10; i++) {
            async.write(record(i, 1));
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> stored.size() == 10);
        assertThat(async.failures()).isEqualTo(2);
        assertThat(async.lost()).isZero();
        async.close();
    }
}
