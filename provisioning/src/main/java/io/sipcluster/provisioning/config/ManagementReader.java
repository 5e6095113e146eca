package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.HostPort;
import io.sipcluster.provisioning.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code management}. A token is required unless the file explicitly says {@code auth: none}, and that is
 * accepted only on a loopback address: anyone who can reach the endpoint can disable the node or take its
 * sharing tags, so leaving it open must be a visible decision, never a default.
 */
final class ManagementReader {
    /** Shorter tokens can be guessed; 16 random characters is the least we accept. */
    static final int MIN_TOKEN_LENGTH = 16;

    private final Path baseDir;
    private final FileAccess files;
    private final Problems problems;

    ManagementReader(Path baseDir, FileAccess files, Problems problems) {
        this.baseDir = baseDir;
        this.files = files;
        this.problems = problems;
    }

    Optional<ManagementConfig> read(YamlNode node, String path, int parentLine) {
        if (node == null) {
            problems.add(path, parentLine, "is required: give token_file (or token), or auth: none to run without "
                    + "a token on loopback, or enabled: false");
            return Optional.empty();
        }
        Fields f = Fields.of(node, path, problems, "enabled", "listen", "auth", "token", "token_file");
        if (!f.optionalBoolean("enabled", true)) {
            return Optional.empty();
        }
        HostPort listen = readListen(f);
        String auth = f.optionalString("auth");
        boolean none = false;
        if (auth != null) {
            switch (auth.toLowerCase(Locale.ROOT)) {
                case "none" -> none = true;
                case "token" -> none = false;
                default -> f.problem("auth", "must be token or none, got '" + auth + "'");
            }
        }
        if (none) {
            return noAuth(f, listen);
        }
        Secret token = readToken(f);
        return token == null || listen == null
                ? Optional.empty()
                : Optional.of(new ManagementConfig(listen, new ManagementConfig.Auth.Token(token)));
    }

    private HostPort readListen(Fields f) {
        String text = f.optionalString("listen");
        if (text == null) {
            return f.has("listen") ? null : ManagementConfig.DEFAULT_LISTEN;
        }
        try {
            return HostPort.parse(text, "must be host:port, e.g. 127.0.0.1:8888");
        } catch (IllegalArgumentException e) {
            f.problem("listen", e.getMessage() + ", got '" + text + "'");
            return null;
        }
    }

    private Optional<ManagementConfig> noAuth(Fields f, HostPort listen) {
        f.forbid("token", "auth is none");
        f.forbid("token_file", "auth is none");
        if (listen != null && !listen.isLoopback()) {
            f.problem("auth", "none is allowed only on a loopback address (127.0.0.1, ::1, localhost), and listen is "
                    + listen + "; set a token_file");
            return Optional.empty();
        }
        return listen == null ? Optional.empty() : Optional.of(new ManagementConfig(listen, new ManagementConfig.Auth.None()));
    }

    private Secret readToken(Fields f) {
        boolean inline = f.has("token");
        boolean file = f.has("token_file");
        if (inline && file) {
            f.problem("token", "give token or token_file, not both");
            return null;
        }
        if (!inline && !file) {
            f.problem("token_file", "is required: a file holding the management token (or auth: none on loopback)");
            return null;
        }
        String token;
        String key = inline ? "token" : "token_file";
        if (inline) {
            token = f.optionalString("token");
        } else {
            token = readFile(f, "token_file");
        }
        if (token == null) {
            return null;
        }
        token = token.strip();
        if (token.length() < MIN_TOKEN_LENGTH) {
            f.problem(key, "the token must be at least " + MIN_TOKEN_LENGTH + " characters, it has " + token.length());
            return null;
        }
        return new Secret(token);
    }

    private String readFile(Fields f, String key) {
        Path p = f.optionalPath(key, baseDir);
        if (p == null) {
            return null;
        }
        Optional<String> why = files.whyUnreadable(p);
        if (why.isPresent()) {
            f.problem(key, why.get());
            return null;
        }
        try {
            return files.read(p);
        } catch (IOException e) {
            f.problem(key, "cannot read " + p + ": " + e.getMessage());
            return null;
        }
    }
}
