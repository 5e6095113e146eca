package io.sipcluster.dialog.cdr;

import com.zaxxer.hikari.HikariDataSource;
import io.sipcluster.dialog.CallRecord;
import io.sipcluster.provisioning.config.SqlConfig;
import io.sipcluster.provisioning.sql.ConnectionPools;
import io.sipcluster.provisioning.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;

/**
 * CDRs in an SQL table whose primary key is the call (Call-ID and both tags): a record of a call already there is
 * ignored, so two nodes that both write a call (a failover in the middle of writing) leave one row. SQLite,
 * MariaDB and PostgreSQL, each with its own way to say "insert unless present".
 */
public final class SqlCallRecords implements BatchWriter {
    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String table;

    private SqlCallRecords(SqlConfig config) throws SQLException {
        this.dialect = Dialect.of(config.jdbcUrl());
        this.table = config.table();
        this.pool = ConnectionPools.open(config, dialect, "sipcluster-cdr");
        try {
            create();
        } catch (SQLException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Creates the table if missing. Nodes sharing the table may start together, and PostgreSQL's
     * {@code CREATE TABLE IF NOT EXISTS} is not atomic: the loser of that race gets a unique violation (or "already
     * exists"), which means the table is there.
     */
    private void create() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(createTable());
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (!state.equals("23505") && !state.equals("42P07") && !state.equals("42S01")) {
                throw e;
            }
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0")) {
                rs.next(); // the other node made it
            }
        }
    }

    /** Opens the table (created if missing) and a writer behind the SIP path. */
    public static AsyncCallRecords open(SqlConfig config) throws SQLException {
        return new AsyncCallRecords(new SqlCallRecords(config), 1 << 20, "cdr-sql");
    }

    /** For tests and tools: the table itself, written synchronously. */
    static SqlCallRecords openDirect(SqlConfig config) throws SQLException {
        return new SqlCallRecords(config);
    }

    private String createTable() {
        String text = "VARCHAR";
        String ts = dialect == Dialect.MARIADB ? "DATETIME(3)" : "TIMESTAMP"; // MariaDB's drops milliseconds
        return "CREATE TABLE IF NOT EXISTS " + table + " (\n"
                + "  call_id " + text + "(255) NOT NULL,\n"
                + "  caller_tag " + text + "(128) NOT NULL,\n"
                + "  callee_tag " + text + "(128) NOT NULL,\n"
                + "  caller " + text + "(255) NOT NULL,\n"
                + "  callee " + text + "(255) NOT NULL,\n"
                + "  start_time " + ts + " NULL,\n"
                + "  answer_time " + ts + " NULL,\n"
                + "  end_time " + ts + " NOT NULL,\n"
                + "  duration INTEGER NOT NULL,\n"
                + "  end_reason " + text + "(32) NOT NULL,\n"
                + "  node_id INTEGER NOT NULL,\n"
                + "  PRIMARY KEY (call_id, caller_tag, callee_tag)\n)";
    }

    private String insert() {
        String columns = " (call_id, caller_tag, callee_tag, caller, callee, start_time, answer_time, end_time, "
                + "duration, end_reason, node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        return switch (dialect) {
            case MARIADB -> "INSERT IGNORE INTO " + table + columns;
            case POSTGRESQL, SQLITE -> "INSERT INTO " + table + columns
                    + " ON CONFLICT (call_id, caller_tag, callee_tag) DO NOTHING";
        };
    }

    @Override
    public void write(List<CallRecord> batch) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(insert())) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                for (CallRecord r : batch) {
                    p.setString(1, cut(r.callId(), 255));
                    p.setString(2, cut(r.callerTag(), 128));
                    p.setString(3, cut(r.calleeTag(), 128));
                    p.setString(4, cut(r.caller(), 255));
                    p.setString(5, cut(r.callee(), 255));
                    p.setTimestamp(6, r.startMillis() > 0 ? new Timestamp(r.startMillis()) : null);
                    p.setTimestamp(7, r.answerMillis() > 0 ? new Timestamp(r.answerMillis()) : null);
                    p.setTimestamp(8, new Timestamp(r.endMillis()));
                    p.setLong(9, r.durationSeconds());
                    p.setString(10, r.endReason());
                    p.setInt(11, r.nodeId());
                    p.addBatch();
                }
                p.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** How many calls the table holds. */
    public long count() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() {
        pool.close();
    }
}
