package io.sipcluster.usrloc.sql;

import io.sipcluster.provisioning.sql.Dialect;
import java.util.List;

/**
 * OpenSIPS's {@code location} table, version 1013, in each dialect: the same columns and types as OpenSIPS's own
 * creation scripts, so that an OpenSIPS node, or its tools, can read the rows sipcluster writes.
 */
final class LocationSchema {
    /** OpenSIPS's version of the location table. */
    static final int VERSION = 1013;

    private LocationSchema() {
    }

    static List<String> create(Dialect dialect, String t) {
        return switch (dialect) {
            case SQLITE -> List.of("CREATE TABLE IF NOT EXISTS " + t + " (\n"
                    + "    contact_id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n"
                    + columns("CHAR", "TEXT", "INTEGER", "FLOAT", "DATETIME") + ")",
                    "CREATE INDEX IF NOT EXISTS " + t + "_aor_idx ON " + t + " (username, domain)");
            case MARIADB -> List.of("CREATE TABLE IF NOT EXISTS " + t + " (\n"
                    + "    contact_id BIGINT(10) UNSIGNED AUTO_INCREMENT PRIMARY KEY NOT NULL,\n"
                    + columns("CHAR", "TEXT", "INT(11)", "FLOAT(10,2)", "DATETIME")
                    + ",\n    INDEX " + t + "_aor_idx (username, domain)) ENGINE=InnoDB");
            case POSTGRESQL -> List.of("CREATE TABLE IF NOT EXISTS " + t + " (\n"
                    + "    contact_id BIGSERIAL PRIMARY KEY NOT NULL,\n"
                    + columns("VARCHAR", "TEXT", "INTEGER", "REAL", "TIMESTAMP WITHOUT TIME ZONE") + ")",
                    "CREATE INDEX IF NOT EXISTS " + t + "_aor_idx ON " + t + " (username, domain)");
        };
    }

    private static String columns(String chars, String text, String integer, String real, String time) {
        return "    username " + chars + "(64) DEFAULT '' NOT NULL,\n"
                + "    domain " + chars + "(64) DEFAULT NULL,\n"
                + "    contact " + text + " NOT NULL,\n"
                + "    received " + chars + "(255) DEFAULT NULL,\n"
                + "    path " + chars + "(255) DEFAULT NULL,\n"
                + "    expires " + integer + " NOT NULL,\n"
                + "    q " + real + " DEFAULT 1.0 NOT NULL,\n"
                + "    callid " + chars + "(255) DEFAULT 'Default-Call-ID' NOT NULL,\n"
                + "    cseq " + integer + " DEFAULT 13 NOT NULL,\n"
                + "    last_modified " + time + " DEFAULT '1900-01-01 00:00:01' NOT NULL,\n"
                + "    flags " + integer + " DEFAULT 0 NOT NULL,\n"
                + "    cflags " + chars + "(255) DEFAULT NULL,\n"
                + "    user_agent " + chars + "(255) DEFAULT '' NOT NULL,\n"
                + "    socket " + chars + "(64) DEFAULT NULL,\n"
                + "    methods " + integer + " DEFAULT NULL,\n"
                + "    sip_instance " + chars + "(255) DEFAULT NULL,\n"
                + "    kv_store " + text + " DEFAULT NULL,\n"
                + "    attr " + chars + "(255) DEFAULT NULL";
    }
}
