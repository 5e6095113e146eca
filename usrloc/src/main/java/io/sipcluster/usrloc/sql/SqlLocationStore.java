package io.sipcluster.usrloc.sql;

import com.zaxxer.hikari.HikariDataSource;
import io.sipcluster.provisioning.config.SqlConfig;
import io.sipcluster.provisioning.sql.ConnectionPools;
import io.sipcluster.provisioning.sql.Dialect;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.ContactKeyValues;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The location table in SQL (SQLite, MariaDB or PostgreSQL), in OpenSIPS's {@code location} layout: read back
 * into the table at start, and rewritten one AoR at a time by the {@link LocationWriter}.
 *
 * <p>An AoR {@code user@domain} is stored as OpenSIPS does with {@code use_domain}: {@code username} and
 * {@code domain} columns. Expiry is an absolute UNIX time (0 = permanent), q a number (-1 when not set),
 * {@code last_modified} a UTC timestamp, reg-id and the owner tag in {@code kv_store}.
 */
public final class SqlLocationStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqlLocationStore.class);
    private static final int QUERY_TIMEOUT_SECONDS = 10;

    private final SqlConfig config;
    private final Dialect dialect;
    private final HikariDataSource pool;
    private final String table;
    private long skippedRows;

    private SqlLocationStore(SqlConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.dialect = Dialect.of(config.jdbcUrl());
        this.pool = ConnectionPools.open(config, dialect, "sipcluster-usrloc");
        this.table = config.table();
    }

    /**
     * Opens the pool and makes sure the table exists (created with its version row when {@code createSchema}).
     *
     * @throws SQLException when the database cannot be reached or the table is missing and may not be created
     */
    public static SqlLocationStore open(SqlConfig config) throws SQLException {
        SqlLocationStore s = new SqlLocationStore(config);
        try {
            s.ensureSchema();
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void ensureSchema() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            if (config.createSchema()) {
                for (String ddl : dialect.createVersion(config.versionTable())) {
                    st.execute(ddl);
                }
                for (String ddl : LocationSchema.create(dialect, table)) {
                    st.execute(ddl);
                }
                try (PreparedStatement has = c.prepareStatement("SELECT table_version FROM "
                        + config.versionTable() + " WHERE table_name = ?")) {
                    has.setString(1, table);
                    try (ResultSet r = has.executeQuery()) {
                        if (!r.next()) {
                            try (PreparedStatement add = c.prepareStatement("INSERT INTO " + config.versionTable()
                                    + " (table_name, table_version) VALUES (?, ?)")) {
                                add.setString(1, table);
                                add.setInt(2, LocationSchema.VERSION);
                                add.executeUpdate();
                            }
                        }
                    }
                }
            }
            // fails clearly when the table is missing (and was not to be created)
            st.executeQuery("SELECT COUNT(*) FROM " + table).close();
        }
    }

    /** The database url, for logs. */
    public String url() {
        return config.jdbcUrl();
    }

    /**
     * Puts every stored, unexpired binding back into {@code location} (not replicated, not written again). A row
     * that cannot be read is skipped with a warning.
     *
     * @return how many bindings were restored
     */
    public int loadInto(LocationService location) throws SQLException {
        int restored = 0;
        long now = location.nowSeconds();
        try (Connection c = pool.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT username, domain, contact, received, path, expires, q,"
                     + " callid, cseq, last_modified, flags, cflags, user_agent, socket, methods, sip_instance,"
                     + " kv_store, attr FROM " + table + " WHERE expires = 0 OR expires > ?")) {
            q.setQueryTimeout(QUERY_TIMEOUT_SECONDS * 6);
            q.setLong(1, now);
            q.setFetchSize(1_000);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    try {
                        String user = r.getString(1);
                        if (user == null || user.isEmpty() || isBlank(r.getString(3)) || isBlank(r.getString(8))) {
                            throw new IllegalArgumentException("no user, contact or Call-ID");
                        }
                        String domain = r.getString(2);
                        Str aor = Str.of(domain == null || domain.isEmpty() ? user : user + "@" + domain);
                        ContactKeyValues kv = ContactKeyValues.decode(str(r.getString(17)));
                        Timestamp modified = r.getTimestamp(10);
                        Binding b = new Binding(Str.of(Objects.requireNonNull(r.getString(3), "contact")),
                                Str.of(Objects.requireNonNull(r.getString(8), "callid")), r.getInt(9),
                                r.getLong(6), qPermille(r.getFloat(7)), str(r.getString(5)),
                                str(r.getString(4)), str(r.getString(13)), r.getInt(11), str(r.getString(12)),
                                str(r.getString(14)), str(r.getString(16)), kv.regId(),
                                r.getObject(15) == null ? -1 : r.getInt(15), str(r.getString(18)), kv.ownerTag(),
                                modified == null ? now : modified.getTime() / 1000);
                        if (location.restore(aor, b).changed()) {
                            restored++;
                        }
                    } catch (SQLException | RuntimeException bad) {
                        skippedRows++;
                        log.warn("usrloc: a row of {} cannot be read and is skipped: {}", table, bad.toString());
                    }
                }
            }
        }
        return restored;
    }

    /** Rows that could not be read at load. */
    public long skippedRows() {
        return skippedRows;
    }

    /**
     * Replaces the rows of each AoR with its current bindings (none: the AoR's rows are deleted), in one
     * transaction.
     */
    void replace(Map<Str, List<Binding>> aors) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table
                         + " WHERE username = ? AND domain = ?");
                 PreparedStatement delNoDomain = c.prepareStatement("DELETE FROM " + table
                         + " WHERE username = ? AND domain IS NULL");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO " + table + " (username, domain, contact,"
                         + " received, path, expires, q, callid, cseq, last_modified, flags, cflags, user_agent,"
                         + " socket, methods, sip_instance, kv_store, attr)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                del.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                delNoDomain.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                ins.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                for (Map.Entry<Str, List<Binding>> e : aors.entrySet()) {
                    String aor = e.getKey().toString();
                    int at = aor.indexOf('@');
                    String user = at < 0 ? aor : aor.substring(0, at);
                    String domain = at < 0 ? null : aor.substring(at + 1);
                    if (domain == null) {
                        delNoDomain.setString(1, user);
                        delNoDomain.addBatch();
                    } else {
                        del.setString(1, user);
                        del.setString(2, domain);
                        del.addBatch();
                    }
                    for (Binding b : e.getValue()) {
                        ins.setString(1, user);
                        ins.setString(2, domain);
                        ins.setString(3, b.contactUri().toString());
                        ins.setString(4, orNull(b.received()));
                        ins.setString(5, orNull(b.path()));
                        ins.setLong(6, b.expires());
                        ins.setFloat(7, b.q() < 0 ? -1f : b.q() / 1000f);
                        ins.setString(8, b.callid().toString());
                        ins.setInt(9, b.cseq());
                        ins.setTimestamp(10, new Timestamp(b.lastModified() * 1000));
                        ins.setInt(11, b.flags());
                        ins.setString(12, orNull(b.cflags()));
                        ins.setString(13, b.userAgent().toString());
                        ins.setString(14, orNull(b.socket()));
                        ins.setInt(15, b.methods());
                        ins.setString(16, orNull(b.instance()));
                        ins.setString(17, orNull(ContactKeyValues.encode(b.regId(), b.ownerTag())));
                        ins.setString(18, orNull(b.attr()));
                        ins.addBatch();
                    }
                }
                del.executeBatch();
                delNoDomain.executeBatch();
                ins.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Rows in the table now (tests, management). */
    public long rowCount() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** q as a number (OpenSIPS writes 1.0 by default), -1 or below meaning not set. */
    private static int qPermille(float q) {
        return q < 0 ? io.sipcluster.wire.usrloc.ContactData.Q_UNSET : Math.round(q * 1000);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static Str str(String s) {
        return s == null ? Str.EMPTY : Str.of(s);
    }

    private static String orNull(Str s) {
        return s.isEmpty() ? null : s.toString();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "location table " + table + " at " + dialect.name().toLowerCase(Locale.ROOT);
    }
}
