package io.sipcluster.provisioning.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sipcluster.provisioning.config.SqlConfig;
import java.time.Duration;

/** Builds the small connection pool that provisioning uses. */
public final class ConnectionPools {
    /** Connections unused this long are closed: provisioning reads are rare, so none need be kept open. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private ConnectionPools() {
    }

    static HikariDataSource open(SqlConfig sql, Dialect dialect) {
        return open(sql, dialect, "sipcluster-provisioning");
    }

    /** A pool for {@code sql}, connecting lazily (a database down at start fails the first use, not this). */
    public static HikariDataSource open(SqlConfig sql, Dialect dialect, String poolName) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(poolName);
        h.setJdbcUrl(sql.jdbcUrl());
        sql.user().ifPresent(h::setUsername);
        sql.password().ifPresent(p -> h.setPassword(p.reveal()));
        h.setMaximumPoolSize(sql.poolSize());
        h.setMinimumIdle(0);
        h.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        long connectMillis = sql.connectTimeout().toMillis();
        h.setConnectionTimeout(connectMillis);
        // Hikari requires validation to be quicker than the connection timeout, and at least 250 ms.
        h.setValidationTimeout(Math.max(250, connectMillis / 2));
        // Do not connect while building the pool: a database that is down at start is reported by the first load,
        // with the same error as at any later reload.
        h.setInitializationFailTimeout(-1);
        dialect.driverProperties(sql.jdbcUrl(), sql.connectTimeout()).forEach(h::addDataSourceProperty);
        return new HikariDataSource(h);
    }
}
