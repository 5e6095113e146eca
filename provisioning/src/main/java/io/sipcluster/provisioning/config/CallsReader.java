package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Reads {@code calls}: proxy, dialogs, limits, pipes and CDRs. Every problem is reported with its place. */
final class CallsReader {
    private static final int MAX_ITEMS = 64;
    private static final Set<String> KEYS = Set.of("none", "from_user", "to_user", "from_domain", "request_user",
            "source_ip");
    private static final Set<String> ALGORITHMS = Set.of("taildrop", "red", "sbt", "feedback");

    private final Path baseDir;
    private final FileAccess files;
    private final Problems problems;

    CallsReader(Path baseDir, FileAccess files, Problems problems) {
        this.baseDir = baseDir;
        this.files = files;
        this.problems = problems;
    }

    Optional<CallsConfig> read(YamlNode node, String path) {
        int before = problems.count();
        Fields f = Fields.of(node, path, problems, "record_route", "addresses", "domains", "relay", "invite_timeout",
                "floating", "dialog", "limits", "profile_cluster", "pipes", "pipe_cluster", "cdr");
        Optional<String> rr = Optional.ofNullable(f.optionalString("record_route"));
        rr.ifPresent(uri -> {
            if (!uri.startsWith("sip:") || !uri.contains(";lr")) {
                f.problem("record_route", "must be a sip: URI with ;lr, e.g. sip:192.0.2.10:5060;lr, got '" + uri
                        + "'");
            }
        });
        List<HostPort> addresses = new ArrayList<>();
        for (String a : strings(f, "addresses")) {
            try {
                addresses.add(HostPort.parseWithDefaultPort(a, 5060, "must be HOST[:PORT]"));
            } catch (IllegalArgumentException e) {
                f.problem("addresses", e.getMessage() + " in '" + a + "'");
            }
        }
        List<String> domains = strings(f, "domains");
        boolean relay = f.optionalBoolean("relay", false);
        Duration inviteTimeout = f.optionalDuration("invite_timeout", CallsConfig.DEFAULT_INVITE_TIMEOUT,
                Duration.ofSeconds(1));
        Optional<CallsConfig.Floating> floating = f.has("floating") ? floating(f) : Optional.empty();
        CallsConfig.Dialog dialog = f.has("dialog") ? dialog(f) : CallsConfig.Dialog.DEFAULTS;
        List<CallsConfig.Limit> limits = limits(f);
        OptionalInt profileCluster = cluster(f, "profile_cluster");
        List<CallsConfig.Pipe> pipes = pipes(f);
        OptionalInt pipeCluster = cluster(f, "pipe_cluster");
        CallsConfig.Cdr cdr = f.has("cdr") ? cdr(f) : CallsConfig.Cdr.NONE;
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new CallsConfig(rr, addresses, domains, relay, inviteTimeout, floating, dialog, limits,
                profileCluster, pipes, pipeCluster, cdr));
    }

    private List<String> strings(Fields f, String key) {
        List<String> out = new ArrayList<>();
        List<YamlNode> items = f.optionalList(key);
        if (items.size() > MAX_ITEMS) {
            f.problem(key, "at most " + MAX_ITEMS + " entries, got " + items.size());
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            String s = Fields.stringValue(items.get(i), f.path(key) + "[" + i + "]", problems);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static OptionalInt cluster(Fields f, String key) {
        if (!f.has(key)) {
            return OptionalInt.empty();
        }
        Integer id = f.requiredInt(key, 1, Integer.MAX_VALUE);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    private Optional<CallsConfig.Floating> floating(Fields parent) {
        Fields f = Fields.of(parent.node("floating"), parent.path("floating"), problems, "address", "sharing_tag");
        String address = f.requiredString("address");
        String tag = f.requiredString("sharing_tag");
        if (address == null || tag == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CallsConfig.Floating(HostPort.parseWithDefaultPort(address, 5060,
                    "must be HOST[:PORT]"), tag));
        } catch (IllegalArgumentException e) {
            f.problem("address", e.getMessage() + " in '" + address + "'");
            return Optional.empty();
        }
    }

    private CallsConfig.Dialog dialog(Fields parent) {
        Fields f = Fields.of(parent.node("dialog"), parent.path("dialog"), problems, "cluster", "sharing_tag",
                "default_timeout", "max_dialogs", "wire_version", "handover", "ping_interval");
        CallsConfig.Dialog d = CallsConfig.Dialog.DEFAULTS;
        OptionalInt cluster = cluster(f, "cluster");
        Optional<String> tag = Optional.ofNullable(f.optionalString("sharing_tag"));
        Duration timeout = f.optionalDuration("default_timeout", d.defaultTimeout(), Duration.ofSeconds(1));
        int max = f.optionalInt("max_dialogs", d.maxDialogs(), 1, 50_000_000);
        int version = f.optionalInt("wire_version", d.wireVersion(), 4, 5);
        Duration handover = f.optionalDuration("handover", d.handover(), Duration.ZERO);
        Duration ping = f.optionalDuration("ping_interval", d.pingInterval(), Duration.ZERO);
        if (!ping.isZero() && ping.compareTo(Duration.ofSeconds(1)) < 0) {
            f.problem("ping_interval", "must be 0 (no pings) or at least 1s, got " + ping.toMillis() + " ms");
        }
        return new CallsConfig.Dialog(cluster, tag, timeout, max, version, handover, ping);
    }

    private List<CallsConfig.Limit> limits(Fields parent) {
        List<CallsConfig.Limit> out = new ArrayList<>();
        List<YamlNode> items = parent.optionalList("limits");
        if (items.size() > MAX_ITEMS) {
            parent.problem("limits", "at most " + MAX_ITEMS + " profiles, got " + items.size());
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            Fields f = Fields.of(items.get(i), parent.path("limits") + "[" + i + "]", problems, "profile", "key",
                    "max", "status");
            String profile = f.requiredString("profile");
            String key = f.has("key") ? f.optionalString("key") : "none";
            if (key != null && !KEYS.contains(key)) {
                f.problem("key", "must be one of " + KEYS + ", got '" + key + "'");
            }
            int max = f.optionalInt("max", 0, 0, 100_000_000);
            int status = f.optionalInt("status", 486, 400, 699);
            if (profile != null && key != null) {
                out.add(new CallsConfig.Limit(profile, key, max, status));
            }
        }
        return out;
    }

    private List<CallsConfig.Pipe> pipes(Fields parent) {
        List<CallsConfig.Pipe> out = new ArrayList<>();
        List<YamlNode> items = parent.optionalList("pipes");
        if (items.size() > MAX_ITEMS) {
            parent.problem("pipes", "at most " + MAX_ITEMS + " pipes, got " + items.size());
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            Fields f = Fields.of(items.get(i), parent.path("pipes") + "[" + i + "]", problems, "name", "algorithm",
                    "limit", "interval", "status");
            String name = f.requiredString("name");
            String algorithm = f.has("algorithm") ? f.optionalString("algorithm") : "taildrop";
            if (algorithm != null && !ALGORITHMS.contains(algorithm.toLowerCase(java.util.Locale.ROOT))) {
                f.problem("algorithm", "must be one of " + ALGORITHMS + ", got '" + algorithm + "'");
            }
            Integer limit = f.requiredInt("limit", 1, 10_000_000);
            Duration interval = f.optionalDuration("interval", Duration.ofSeconds(1), Duration.ofMillis(100));
            int status = f.optionalInt("status", 503, 400, 699);
            if (name != null && algorithm != null && limit != null) {
                out.add(new CallsConfig.Pipe(name, algorithm.toLowerCase(java.util.Locale.ROOT), limit, interval,
                        status));
            }
        }
        return out;
    }

    private CallsConfig.Cdr cdr(Fields parent) {
        Fields f = Fields.of(parent.node("cdr"), parent.path("cdr"), problems, "csv", "sql");
        Optional<Path> csv = Optional.ofNullable(f.optionalPath("csv", baseDir));
        Optional<SqlConfig> sql = f.has("sql")
                ? new SqlReader(baseDir, files, problems).read(f.node("sql"), f.path("sql"), "sipcluster_cdr",
                        List.of(), x -> {})
                : Optional.empty();
        return new CallsConfig.Cdr(csv, sql);
    }
}
