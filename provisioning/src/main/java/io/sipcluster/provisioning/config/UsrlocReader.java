package io.sipcluster.provisioning.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads {@code usrloc}: the location table's mode, limits, duties, NAT pings and persistence. */
final class UsrlocReader {
    private static final Duration MIN_EXPIRY_INTERVAL = Duration.ofMillis(100);
    private static final Duration MIN_PING_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MIN_FLUSH_INTERVAL = Duration.ofMillis(10);

    private final Path baseDir;
    private final FileAccess files;
    private final Problems problems;

    UsrlocReader(Path baseDir, FileAccess files, Problems problems) {
        this.baseDir = baseDir;
        this.files = files;
        this.problems = problems;
    }

    Optional<UsrlocConfig> read(YamlNode node, String path) {
        Fields f = Fields.of(node, path, problems, "mode", "cluster", "table", "max_contacts_per_aor",
                "max_contacts", "expiry_interval", "duty_mode", "sharing_tag", "nat_ping", "sql");
        UsrlocConfig.Mode mode = mode(f);
        OptionalInt cluster = OptionalInt.empty();
        if (mode == UsrlocConfig.Mode.FULL_SHARING_CLUSTER) {
            Integer id = f.requiredInt("cluster", 1, Integer.MAX_VALUE);
            cluster = id == null ? OptionalInt.empty() : OptionalInt.of(id);
        } else {
            f.forbid("cluster", "mode is single-instance");
        }
        String table = f.has("table") ? f.optionalString("table") : UsrlocConfig.DEFAULT_TABLE;
        if (table != null && (table.isEmpty() || table.length() > 64)) {
            f.problem("table", "must be 1 to 64 characters, got '" + table + "'");
            table = null;
        }
        int perAor = f.optionalInt("max_contacts_per_aor", UsrlocConfig.DEFAULT_MAX_CONTACTS_PER_AOR, 1, 1024);
        int total = f.optionalInt("max_contacts", UsrlocConfig.DEFAULT_MAX_CONTACTS, 1, 50_000_000);
        Duration expiry = f.optionalDuration("expiry_interval", UsrlocConfig.DEFAULT_EXPIRY_INTERVAL,
                MIN_EXPIRY_INTERVAL);
        UsrlocConfig.DutyMode duty = dutyMode(f);
        Optional<String> tag = Optional.ofNullable(f.optionalString("sharing_tag"));
        if (duty == UsrlocConfig.DutyMode.OWNERSHIP && tag.isEmpty() && !f.has("sharing_tag")) {
            f.problem("duty_mode", "ownership needs sharing_tag: the tag that owns the bindings this node writes");
        }
        Optional<UsrlocConfig.NatPing> natPing = f.has("nat_ping")
                ? natPing(f.node("nat_ping"), f.path("nat_ping")) : Optional.empty();
        Optional<UsrlocConfig.Sql> sql = f.has("sql") ? sql(f.node("sql"), f.path("sql")) : Optional.empty();
        if (mode == null || duty == null || table == null
                || (mode == UsrlocConfig.Mode.FULL_SHARING_CLUSTER && cluster.isEmpty())
                || (duty == UsrlocConfig.DutyMode.OWNERSHIP && tag.isEmpty())
                || (f.has("nat_ping") && natPing.isEmpty()) || (f.has("sql") && sql.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new UsrlocConfig(mode, cluster, table, perAor, total, expiry, duty, tag, natPing, sql));
    }

    private static UsrlocConfig.Mode mode(Fields f) {
        String text = f.has("mode") ? f.optionalString("mode") : UsrlocConfig.Mode.SINGLE_INSTANCE.fileName();
        if (text == null) {
            return null;
        }
        for (UsrlocConfig.Mode m : UsrlocConfig.Mode.values()) {
            if (m.fileName().equals(text.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        f.problem("mode", "must be single-instance or full-sharing-cluster, got '" + text + "'");
        return null;
    }

    private static UsrlocConfig.DutyMode dutyMode(Fields f) {
        String text = f.has("duty_mode") ? f.optionalString("duty_mode")
                : UsrlocConfig.DutyMode.COOPERATION.fileName();
        if (text == null) {
            return null;
        }
        for (UsrlocConfig.DutyMode m : UsrlocConfig.DutyMode.values()) {
            if (m.fileName().equals(text.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        f.problem("duty_mode", "must be cooperation or ownership, got '" + text + "'");
        return null;
    }

    private Optional<UsrlocConfig.NatPing> natPing(YamlNode node, String path) {
        Fields f = Fields.of(node, path, problems, "interval", "max_per_tick", "method", "remove_after_unanswered");
        Duration interval = f.optionalDuration("interval", UsrlocConfig.NatPing.DEFAULT_INTERVAL, MIN_PING_INTERVAL);
        int perTick = f.optionalInt("max_per_tick", UsrlocConfig.NatPing.DEFAULT_MAX_PER_TICK, 1, 1_000_000);
        String method = f.has("method") ? f.optionalString("method") : "options";
        if (method != null && !method.equals("options") && !method.equals("crlf")) {
            f.problem("method", "must be options or crlf, got '" + method + "'");
            method = null;
        }
        int removeAfter = f.optionalInt("remove_after_unanswered", 0, 0, 1000);
        return method == null ? Optional.empty()
                : Optional.of(new UsrlocConfig.NatPing(interval, perTick, method, removeAfter));
    }

    private Optional<UsrlocConfig.Sql> sql(YamlNode node, String path) {
        Duration[] flush = {UsrlocConfig.Sql.DEFAULT_FLUSH_INTERVAL};
        int[] batch = {UsrlocConfig.Sql.DEFAULT_BATCH_SIZE};
        Optional<SqlConfig> connection = new SqlReader(baseDir, files, problems).read(node, path,
                UsrlocConfig.DEFAULT_TABLE, List.of("flush_interval", "batch_size"), f -> {
                    flush[0] = f.optionalDuration("flush_interval", flush[0], MIN_FLUSH_INTERVAL);
                    batch[0] = f.optionalInt("batch_size", batch[0], 1, 100_000);
                });
        return connection.map(c -> new UsrlocConfig.Sql(c, flush[0], batch[0]));
    }
}
