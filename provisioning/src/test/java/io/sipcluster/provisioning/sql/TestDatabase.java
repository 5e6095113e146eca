package io.sipcluster.provisioning.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real database for a test, with table names unique to the test so that parallel runs and other users of the
 * shared servers never collide; {@link #dropTables()} cleans up.
 */
abstract class TestDatabase {
    /** Unique per instance: "cl_" and "ver_" plus 8 hex digits. */
    final String table;
    final String versionTable;

    TestDatabase() {
        String suffix = String.format("%08x", ThreadLocalRandom.current().nextInt());
        table = "cl_" + suffix;
        versionTable = "ver_" + suffix;
    }

    /** The JDBC url, with its host and port replaced when {@code port} is positive (to go through a relay). */
    abstract String url(int port);

    String url() {
        return url(-1);
    }

    abstract String user();

    /** Host and port of the server, for a relay; null for an embedded database. */
    abstract int serverPort();

    Connection connect() throws SQLException {
        return user() == null ? DriverManager.getConnection(url()) : DriverManager.getConnection(url(), user(), "");
    }

    void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    void dropTables() throws SQLException {
        execute("DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + versionTable);
    }

    static final class Sqlite extends TestDatabase {
        private final Path file;

        Sqlite(Path dir) {
            file = dir.resolve("sipcluster.db");
        }

        @Override
        String url(int port) {
            return "jdbc:sqlite:" + file;
        }

        @Override
        String user() {
            return null;
        }

        @Override
        int serverPort() {
            return -1;
        }
    }

    static final class MariaDb extends TestDatabase {
        @Override
        String url(int port) {
            return "jdbc:mariadb://127.0.0.1:" + (port > 0 ? port : 3306) + "/test";
        }

        @Override
        String user() {
            return "root";
        }

        @Override
        int serverPort() {
            return 3306;
        }
    }

    static final class Postgres extends TestDatabase {
        @Override
        String url(int port) {
            return "jdbc:postgresql://127.0.0.1:" + (port > 0 ? port : 5432) + "/test";
        }

        @Override
        String user() {
            return "postgres";
        }

        @Override
        int serverPort() {
            return 5432;
        }
    }
}
