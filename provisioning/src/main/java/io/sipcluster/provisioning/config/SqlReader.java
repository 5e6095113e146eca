package io.sipcluster.provisioning.config;

import io.sipcluster.provisioning.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads {@code sql}; an absent section means the defaults (an SQLite file beside the node file). */
final class SqlReader {
    static final List<String> SUPPORTED_PREFIXES =
            List.of("jdbc:sqlite:", "jdbc:mariadb:", "jdbc:mysql:", "jdbc:postgresql:");
    private static final String SQLITE = "jdbc:sqlite:";
    /** HikariCP refuses connection timeouts below 250 ms. */
    private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250);

    private final Path baseDir;
    private final FileAccess files;
    private final Problems problems;

    SqlReader(Path baseDir, FileAccess files, Problems problems) {
        this.baseDir = baseDir;
        this.files = files;
        this.problems = problems;
    }

    Optional<SqlConfig> read(YamlNode node, String path) {
        return read(node, path, SqlConfig.DEFAULT_TABLE, List.of(), f -> { });
    }

    /**
     * The same settings for another table ({@code defaultTable} when the file names none), with the keys
     * {@code extraKeys} allowed too and read by {@code extras}.
     */
    Optional<SqlConfig> read(YamlNode node, String path, String defaultTable, List<String> extraKeys,
                             java.util.function.Consumer<Fields> extras) {
        if (node == null || Fields.isNull(node)) {
            return Optional.of(SqlConfig.of(sqliteRelativeTo(SqlConfig.DEFAULT_URL)).withTables(defaultTable,
                    SqlConfig.DEFAULT_VERSION_TABLE));
        }
        List<String> keys = new java.util.ArrayList<>(List.of("url", "user", "password", "password_file", "table",
                "version_table", "pool_size", "connect_timeout", "persist_state", "create_schema"));
        keys.addAll(extraKeys);
        Fields f = Fields.of(node, path, problems, keys);
        extras.accept(f);
        String url = f.has("url") ? f.optionalString("url") : SqlConfig.DEFAULT_URL;
        if (url != null && SUPPORTED_PREFIXES.stream().noneMatch(url::startsWith)) {
            f.problem("url", "must be a JDBC url of SQLite, MariaDB/MySQL or PostgreSQL (" + String.join("..., ", SUPPORTED_PREFIXES)
                    + "...), got '" + url + "'");
            url = null;
        }
        Optional<String> user = Optional.ofNullable(f.optionalString("user"));
        Optional<Secret> password = readPassword(f);
        String table = tableName(f, "table", defaultTable);
        String versionTable = tableName(f, "version_table", SqlConfig.DEFAULT_VERSION_TABLE);
        int poolSize = f.optionalInt("pool_size", SqlConfig.DEFAULT_POOL_SIZE, 1, 64);
        Duration connectTimeout = f.optionalDuration("connect_timeout", SqlConfig.DEFAULT_CONNECT_TIMEOUT, MIN_CONNECT_TIMEOUT);
        boolean persistState = f.optionalBoolean("persist_state", true);
        boolean createSchema = f.optionalBoolean("create_schema", true);
        if (url == null || table == null || versionTable == null) {
            return Optional.empty();
        }
        return Optional.of(new SqlConfig(sqliteRelativeTo(url), user, password, table, versionTable, poolSize,
                connectTimeout, persistState, createSchema));
    }

    private Optional<Secret> readPassword(Fields f) {
        if (f.has("password") && f.has("password_file")) {
            f.problem("password", "give password or password_file, not both");
            return Optional.empty();
        }
        if (f.has("password")) {
            return Optional.ofNullable(f.optionalString("password")).map(Secret::new);
        }
        Path p = f.optionalPath("password_file", baseDir);
        if (p == null) {
            return Optional.empty();
        }
        Optional<String> why = files.whyUnreadable(p);
        if (why.isPresent()) {
            f.problem("password_file", why.get());
            return Optional.empty();
        }
        try {
            // A trailing newline is what editors leave, never part of a password.
            return Optional.of(new Secret(files.read(p).stripTrailing()));
        } catch (IOException e) {
            f.problem("password_file", "cannot read " + p + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private String tableName(Fields f, String key, String defaultName) {
        if (!f.has(key)) {
            return defaultName;
        }
        String name = f.optionalString(key);
        if (name != null && !SqlConfig.TABLE_NAME.matcher(name).matches()) {
            f.problem(key, "must be a plain SQL identifier (letters, digits, _; at most 63), got '" + name + "'");
            return null;
        }
        return name;
    }

    /**
     * An SQLite file named relatively is taken from the node file's folder, like every other path in the file,
     * rather than from wherever the process happens to start. In-memory and {@code file:} URIs are left alone.
     */
    private String sqliteRelativeTo(String url) {
        if (!url.startsWith(SQLITE)) {
            return url;
        }
        String rest = url.substring(SQLITE.length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        if (file.isEmpty() || file.startsWith(":") || file.startsWith("file:") || Path.of(file).isAbsolute()) {
            return url;
        }
        return SQLITE + baseDir.resolve(file).normalize() + (query < 0 ? "" : rest.substring(query));
    }
}
