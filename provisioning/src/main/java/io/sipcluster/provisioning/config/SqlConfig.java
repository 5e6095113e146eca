package io.sipcluster.provisioning.config;

import io.sipcluster.provisioning.Secret;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the {@code clusterer} table lives, and how to use it.
 *
 * @param jdbcUrl {@code jdbc:sqlite:...}, {@code jdbc:mariadb://...}, {@code jdbc:mysql://...} or
 *     {@code jdbc:postgresql://...}
 * @param table the node table (OpenSIPS {@code db_table})
 * @param versionTable where table versions are recorded (OpenSIPS core {@code db_version_table})
 * @param poolSize most connections held open; provisioning reads are rare, so a couple are plenty
 * @param connectTimeout longest wait for a connection, so that a database outage cannot stall start or reload
 * @param persistState write a node's enabled/disabled state into its row when management changes it (OpenSIPS
 *     does this in {@code db_mode})
 * @param createSchema create the tables in an empty database; when false, a missing table is an error
 */
public record SqlConfig(String jdbcUrl, Optional<String> user, Optional<Secret> password, String table,
                        String versionTable, int poolSize, Duration connectTimeout, boolean persistState,
                        boolean createSchema) {
    public static final String DEFAULT_URL = "jdbc:sqlite:sipcluster.db";
    public static final String DEFAULT_TABLE = "clusterer";
    public static final String DEFAULT_VERSION_TABLE = "version";
    public static final int DEFAULT_POOL_SIZE = 2;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** Table names are put into SQL text, so only plain identifiers are accepted. */
    public static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public SqlConfig {
        if (!TABLE_NAME.matcher(table).matches() || !TABLE_NAME.matcher(versionTable).matches()) {
            throw new IllegalArgumentException("table names must be plain identifiers");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be >= 1");
        }
    }

    /** The defaults for {@code jdbcUrl}: an SQLite file, nothing to install. */
    public static SqlConfig of(String jdbcUrl) {
        return new SqlConfig(jdbcUrl, Optional.empty(), Optional.empty(), DEFAULT_TABLE, DEFAULT_VERSION_TABLE,
                DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT, true, true);
    }

    public SqlConfig withJdbcUrl(String newUrl) {
        return new SqlConfig(newUrl, user, password, table, versionTable, poolSize, connectTimeout, persistState,
                createSchema);
    }

    public SqlConfig withTables(String newTable, String newVersionTable) {
        return new SqlConfig(jdbcUrl, user, password, newTable, newVersionTable, poolSize, connectTimeout,
                persistState, createSchema);
    }

    public SqlConfig withUser(String newUser, String newPassword) {
        return new SqlConfig(jdbcUrl, Optional.ofNullable(newUser), Optional.ofNullable(newPassword).map(Secret::new),
                table, versionTable, poolSize, connectTimeout, persistState, createSchema);
    }
}
