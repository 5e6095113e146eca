package io.sipcluster.provisioning.sql;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What differs between the three databases: the DDL of the {@code clusterer} and {@code version} tables (OpenSIPS's
 * column types for each, from its {@code scripts/<db>/clusterer-create.sql} and {@code standard-create.sql}, so that
 * OpenSIPS nodes can share the table), and the driver settings that bound connection time.
 */
public enum Dialect {
    SQLITE("jdbc:sqlite:") {
        @Override
        List<String> createClusterer(String t) {
            return List.of("CREATE TABLE IF NOT EXISTS " + t + " (\n"
                    + "    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n"
                    + commonColumns("INTEGER", "CHAR(64)")
                    + "    CONSTRAINT " + t + "_" + t + "_idx UNIQUE (cluster_id, node_id)\n)");
        }

        @Override
        public List<String> createVersion(String v) {
            return List.of("CREATE TABLE IF NOT EXISTS " + v + " (\n"
                    + "    table_name CHAR(32) NOT NULL,\n"
                    + "    table_version INTEGER DEFAULT 0 NOT NULL,\n"
                    + "    CONSTRAINT " + v + "_t_name_idx UNIQUE (table_name)\n)");
        }

        @Override
        public Map<String, String> driverProperties(String url, Duration connectTimeout) {
            // A second writer (another node's reload, an operator's sqlite3 shell) waits instead of failing at once.
            return Map.of("busy_timeout", Long.toString(connectTimeout.toMillis()));
        }
    },

    MARIADB("jdbc:mariadb:", "jdbc:mysql:") {
        @Override
        List<String> createClusterer(String t) {
            return List.of("CREATE TABLE IF NOT EXISTS " + t + " (\n"
                    + "    id INT(10) AUTO_INCREMENT PRIMARY KEY NOT NULL,\n"
                    + "    cluster_id INT(10) NOT NULL,\n"
                    + "    node_id INT(10) NOT NULL,\n"
                    + "    url CHAR(64) NOT NULL,\n"
                    + "    state INT(1) DEFAULT 1 NOT NULL,\n"
                    + "    no_ping_retries INT(10) DEFAULT 3 NOT NULL,\n"
                    + "    priority INT(10) DEFAULT 50 NOT NULL,\n"
                    + "    sip_addr CHAR(64),\n"
                    + "    flags CHAR(64),\n"
                    + "    description CHAR(64),\n"
                    + "    CONSTRAINT " + t + "_idx UNIQUE (cluster_id, node_id)\n) ENGINE=InnoDB");
        }

        @Override
        public List<String> createVersion(String v) {
            return List.of("CREATE TABLE IF NOT EXISTS " + v + " (\n"
                    + "    table_name CHAR(32) NOT NULL,\n"
                    + "    table_version INT UNSIGNED DEFAULT 0 NOT NULL,\n"
                    + "    CONSTRAINT " + v + "_t_name_idx UNIQUE (table_name)\n) ENGINE=InnoDB");
        }

        @Override
        public Map<String, String> driverProperties(String url, Duration connectTimeout) {
            String ms = Long.toString(connectTimeout.toMillis());
            Map<String, String> props = new HashMap<>(Map.of("connectTimeout", ms,
                    "socketTimeout", Long.toString(QUERY_TIMEOUT.toMillis())));
            if (url.startsWith("jdbc:mysql:")) {
                // Connector/J for MariaDB answers jdbc:mysql: urls only when told to.
                props.put("permitMysqlScheme", "true");
            }
            return props;
        }
    },

    POSTGRESQL("jdbc:postgresql:") {
        @Override
        List<String> createClusterer(String t) {
            return List.of("CREATE TABLE IF NOT EXISTS " + t + " (\n"
                            + "    id SERIAL PRIMARY KEY NOT NULL,\n"
                            + commonColumns("INTEGER", "VARCHAR(64)")
                            + "    CONSTRAINT " + t + "_" + t + "_idx UNIQUE (cluster_id, node_id)\n)",
                    // As OpenSIPS does: ids wrap around instead of failing after 2^31 inserts.
                    "ALTER SEQUENCE " + t + "_id_seq MAXVALUE 2147483647 CYCLE");
        }

        @Override
        public List<String> createVersion(String v) {
            return List.of("CREATE TABLE IF NOT EXISTS " + v + " (\n"
                    + "    table_name VARCHAR(32) NOT NULL,\n"
                    + "    table_version INTEGER DEFAULT 0 NOT NULL,\n"
                    + "    CONSTRAINT " + v + "_t_name_idx UNIQUE (table_name)\n)");
        }

        @Override
        public Map<String, String> driverProperties(String url, Duration connectTimeout) {
            // pgjdbc counts these in whole seconds.
            String seconds = Long.toString(Math.max(1, (connectTimeout.toMillis() + 999) / 1000));
            return Map.of("connectTimeout", seconds, "loginTimeout", seconds,
                    "socketTimeout", Long.toString(QUERY_TIMEOUT.toSeconds()));
        }

        @Override
        String metadataName(String name) {
            return name.toLowerCase(Locale.ROOT);
        }
    };

    /**
     * The longest a provisioning query may take. A database that accepts a connection and then stalls must not
     * hold a reload (or a management command waiting on it) for ever.
     */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> prefixes;

    Dialect(String... prefixes) {
        this.prefixes = List.of(prefixes);
    }

    /** The dialect of a JDBC url. */
    public static Dialect of(String jdbcUrl) {
        for (Dialect d : values()) {
            if (d.prefixes.stream().anyMatch(jdbcUrl::startsWith)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no supported database for " + jdbcUrl);
    }

    /** The statements that create the node table (version 4 columns) when it is missing. */
    abstract List<String> createClusterer(String table);

    /** The statement that creates OpenSIPS's table of table versions when it is missing. */
    public abstract List<String> createVersion(String versionTable);

    /** Driver settings that keep connecting and querying within bounds. */
    public abstract Map<String, String> driverProperties(String url, Duration connectTimeout);

    /** How the database stores an unquoted name, for metadata look-ups (PostgreSQL folds it to lower case). */
    String metadataName(String name) {
        return name;
    }

    private static String commonColumns(String intType, String charType) {
        return "    cluster_id " + intType + " NOT NULL,\n"
                + "    node_id " + intType + " NOT NULL,\n"
                + "    url " + charType + " NOT NULL,\n"
                + "    state " + intType + " DEFAULT 1 NOT NULL,\n"
                + "    no_ping_retries " + intType + " DEFAULT 3 NOT NULL,\n"
                + "    priority " + intType + " DEFAULT 50 NOT NULL,\n"
                + "    sip_addr " + charType + ",\n"
                + "    flags " + charType + ",\n"
                + "    description " + charType + ",\n";
    }
}
