package io.sipcluster.usrloc.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sipcluster.provisioning.config.SqlConfig;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.LocationTable;
import io.sipcluster.usrloc.UsrlocLimits;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The location table written to and read back from SQLite, MariaDB and PostgreSQL (the real servers). */
class SqlLocationStoreTest {
    private static final ContactMatch BY_URI = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());
    private static final long NOW = System.currentTimeMillis() / 1000;

    @TempDir
    Path dir;

    private final String table = String.format("loc_%08x", ThreadLocalRandom.current().nextInt() & 0x7fffffff);
    private final List<AutoCloseable> open = new ArrayList<>();
    private SqlConfig config;

    private SqlConfig config(String db) {
        SqlConfig c = switch (db) {
            case "sqlite" -> SqlConfig.of("jdbc:sqlite:" + dir.resolve("loc.db"));
            case "mariadb" -> SqlConfig.of("jdbc:mariadb://127.0.0.1:3306/test").withUser("root", null);
            case "postgresql" -> SqlConfig.of("jdbc:postgresql://127.0.0.1:5432/test").withUser("postgres", null);
            default -> throw new IllegalArgumentException(db);
        };
        config = c.withTables(table, "ver_" + table.substring(4));
        return config;
    }

    private SqlLocationStore store(String db) throws Exception {
        SqlConfig c = config(db);
        try {
            SqlLocationStore s = SqlLocationStore.open(c);
            open.add(s);
            return s;
        } catch (java.sql.SQLException down) {
            assumeTrue(!db.equals("sqlite"), "SQLite must always work: " + down);
            assumeTrue(false, db + " does not answer here: " + down.getMessage());
            throw down;
        }
    }

    private static LocationService service() {
        return new LocationService(new LocationTable("location", UsrlocLimits.DEFAULTS), () -> NOW,
                LocationService.ReplicationSink.NONE);
    }

    /** AoR to its bindings, whatever their order (rows come back in the database's order). */
    private static java.util.Map<Str, java.util.Set<Binding>> contents(LocationService s) {
        java.util.Map<Str, java.util.Set<Binding>> out = new java.util.HashMap<>();
        s.dump(100_000).forEach((aor, list) -> out.put(aor, new java.util.HashSet<>(list)));
        return out;
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user().orElse(null), "");
             Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    @AfterEach
    void drop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (config != null && !config.jdbcUrl().startsWith("jdbc:sqlite:")) {
            try {
                sql("DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + config.versionTable(),
                        "DROP TABLE IF EXISTS " + table + "_moved");
            } catch (java.sql.SQLException serverGone) {
                // the test was skipped
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "mariadb", "postgresql"})
    void everyFieldSurvivesAWriteAndARestart(String db) throws Exception {
        SqlLocationStore store = store(db);
        LocationService a = service();
        LocationWriter writer = new LocationWriter(store, a, Duration.ofMillis(20), 100);
        open.add(0, writer);
        a.addObserver(writer);
        a.register(Str.of("alice@example.com"), new Binding(Str.of("sip:alice@10.0.0.1:5060;transport=tcp"),
                Str.of("c1@host"), 7, NOW + 600, 500, Str.of("<sip:edge.example.com;lr>"),
                Str.of("sip:198.51.100.1:4000;transport=tcp"), Str.of("Phone/1.0 (x)"), 3, Str.of("NAT PING"),
                Str.of("tcp:10.0.0.9:5060"), Str.of("\"<urn:uuid:00000000-0000-1000-8000-000000000001>\""), 2, 0x1F,
                Str.of("attr-x"), Str.of("vip"), NOW - 5), BY_URI);
        a.register(Str.of("alice@example.com"), Binding.of("sip:alice@10.0.0.2", "c2", 1, 0, -1, NOW), BY_URI);
        for (int i = 0; i < 2_000; i++) {
            a.register(Str.of("u" + i + "@example.com"), Binding.of("sip:u" + i + "@10.1.0.1", "call-" + i, 1,
                    NOW + 3600, 1000, NOW), BY_URI);
        }
        a.register(Str.of("nodomain"), Binding.of("sip:x@10.0.0.3", "c3", 1, NOW + 60, -1, NOW), BY_URI);
        a.removeAor(Str.of("u5@example.com"));
        assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(store.rowCount()).isEqualTo(a.contactCount());

        LocationService b = service();
        assertThat(store.loadInto(b)).isEqualTo(a.contactCount());
        assertThat(contents(b)).isEqualTo(contents(a));
        assertThat(store.skippedRows()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "mariadb", "postgresql"})
    void writesWaitOutADatabaseOutageAndNothingIsLost(String db) throws Exception {
        SqlLocationStore store = store(db);
        LocationService a = service();
        LocationWriter writer = new LocationWriter(store, a, Duration.ofMillis(10), 50);
        open.add(0, writer);
        a.addObserver(writer);
        for (int i = 0; i < 100; i++) {
            a.register(Str.of("u" + i + "@example.com"), Binding.of("sip:u" + i + "@10.1.0.1", "c" + i, 1,
                    NOW + 3600, 1000, NOW), BY_URI);
        }
        assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
        sql("ALTER TABLE " + table + " RENAME TO " + table + "_moved"); // the table is gone for the writer
        for (int i = 100; i < 300; i++) {
            a.register(Str.of("u" + i + "@example.com"), Binding.of("sip:u" + i + "@10.1.0.1", "c" + i, 1,
                    NOW + 3600, 1000, NOW), BY_URI);
        }
        a.removeAor(Str.of("u3@example.com"));
        assertThat(writer.flush(Duration.ofMillis(500))).as("cannot finish while the table is away").isFalse();
        assertThat(writer.stats().failures()).isPositive();
        assertThat(writer.stats().backlog()).isPositive();
        sql("ALTER TABLE " + table + "_moved RENAME TO " + table);
        assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
        LocationService b = service();
        store.loadInto(b);
        assertThat(contents(b)).isEqualTo(contents(a));
        assertThat(writer.stats().rejected()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void anAorTheDatabaseRefusesIsRejectedAloneAndTheOthersAreWritten(String db) throws Exception {
        SqlLocationStore store = store(db);
        LocationService a = service();
        LocationWriter writer = new LocationWriter(store, a, Duration.ofMillis(10), 100);
        open.add(0, writer);
        a.addObserver(writer);
        for (int i = 0; i < 20; i++) {
            Binding b = Binding.of("sip:u" + i + "@10.1.0.1", "c" + i, 1, NOW + 3600, 1000, NOW);
            a.register(Str.of("u" + i + "@example.com"), i == 7 ? b.withPath("<sip:" + "p".repeat(400) + ";lr>") : b,
                    BY_URI);
        }
        assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(writer.stats().rejected()).isEqualTo(1);
        assertThat(store.rowCount()).isEqualTo(19);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anUnreadableRowIsSkippedAndTheRestLoads(String db) throws Exception {
        SqlLocationStore store = store(db);
        // a row an operator's hand edit could leave: no contact
        sql("INSERT INTO " + table + " (username, domain, contact, expires, callid, cseq) VALUES "
                + "('ok', 'example.com', 'sip:ok@10.0.0.1', " + (NOW + 60) + ", 'c1', 1), "
                + "('bad', 'example.com', '', " + (NOW + 60) + ", 'c2', 1)");
        LocationService b = service();
        assertThat(store.loadInto(b)).isEqualTo(1);
        assertThat(store.skippedRows()).isEqualTo(1);
        assertThat(b.lookup(Str.of("ok@example.com"))).hasSize(1);
    }
}
