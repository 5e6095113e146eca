package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.Timings;
import io.sipcluster.core.config.BinUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the top level of a node file: the node id, listeners, timings, management and SQL settings, and hands
 * the clusters to {@link ClusterReader}. Every problem goes to {@link Problems}; the result is only used when there
 * were none.
 */
final class NodeFileReader {
    private static final List<String> TOP_KEYS =
            List.of("node_id", "listen", "timings", "clusters", "management", "sql", "sip", "usrloc", "calls");

    private final Path baseDir;
    private final FileAccess files;
    private final Problems problems;

    NodeFileReader(Path baseDir, FileAccess files, Problems problems) {
        this.baseDir = baseDir;
        this.files = files;
        this.problems = problems;
    }

    /** The configuration, or null when a required part could not be read (the problems say why). */
    NodeConfig read(YamlNode root) {
        Fields top = Fields.of(root, "", problems, TOP_KEYS);
        Integer nodeId = top.requiredInt("node_id", 1, Integer.MAX_VALUE);
        List<Listener> listeners = readListeners(top);
        Timings timings = new TimingsReader(problems).read(top.node("timings"), top.path("timings"));
        Optional<ManagementConfig> management =
                new ManagementReader(baseDir, files, problems).read(top.node("management"), top.path("management"), top.line());

        ClusterReader clusterReader = new ClusterReader(nodeId == null ? -1 : nodeId,
                listeners.stream().map(Listener::url).toList(), baseDir, files, problems);
        if (!top.has("clusters")) {
            top.problem("clusters", "is required: list the clusters this node belongs to");
        }
        List<ClusterConfig> clusters = clusterReader.read(top.optionalList("clusters"), top.path("clusters"));
        checkTlsListeners(listeners, clusters, clusterReader.sawTlsSection());

        boolean needsSql = clusters.stream().anyMatch(ClusterConfig::isFromTable);
        Optional<SqlConfig> sql = top.has("sql") || needsSql
                ? new SqlReader(baseDir, files, problems).read(top.node("sql"), top.path("sql"))
                : Optional.empty();

        Optional<SipConfig> sip = top.has("sip")
                ? new SipReader(problems).read(top.node("sip"), top.path("sip")) : Optional.empty();
        Optional<UsrlocConfig> usrloc = top.has("usrloc")
                ? new UsrlocReader(baseDir, files, problems).read(top.node("usrloc"), top.path("usrloc"))
                : top.has("sip") ? Optional.of(UsrlocConfig.singleInstance()) : Optional.empty();
        usrloc.ifPresent(u -> checkUsrlocCluster(u, clusters, top));
        Optional<CallsConfig> calls = top.has("calls")
                ? new CallsReader(baseDir, files, problems).read(top.node("calls"), top.path("calls"))
                : Optional.empty();
        calls.ifPresent(c -> checkCallsClusters(c, clusters, top));
        if (top.has("calls") && !top.has("sip")) {
            problems.add(top.path("calls"), top.line("calls"), "calls need a sip section: the proxy listens there");
        }

        if (!problems.isEmpty()) {
            return null;
        }
        return new NodeConfig(nodeId, listeners.stream().map(Listener::url).toList(), clusters, timings,
                management, sql, sip, usrloc, calls);
    }

    /** The usrloc cluster must be one of the node's clusters, and an ownership tag one declared in it. */
    /**
     * The clusters the calls replicate in must be this node's, and the tags they follow declared in the cluster the
     * node follows tags in (the dialog cluster, else the first): a misspelt tag would never become active, and the
     * floating address would never open.
     */
    private void checkCallsClusters(CallsConfig c, List<ClusterConfig> clusters, Fields top) {
        String at = top.path("calls");
        int line = top.line("calls");
        List<Integer> ids = clusters.stream().map(ClusterConfig::id).toList();
        java.util.Map<String, java.util.OptionalInt> named = new java.util.LinkedHashMap<>();
        named.put("dialog.cluster", c.dialog().cluster());
        named.put("profile_cluster", c.profileCluster());
        named.put("pipe_cluster", c.pipeCluster());
        named.forEach((key, id) -> {
            if (id.isPresent() && !ids.contains(id.getAsInt())) {
                problems.add(at + "." + key, line, "cluster " + id.getAsInt() + " is not among this node's clusters "
                        + ids);
            }
        });
        int tagCluster = c.dialog().cluster().orElse(ids.isEmpty() ? 0 : ids.get(0));
        Optional<ClusterConfig> tags = clusters.stream().filter(x -> x.id() == tagCluster).findFirst();
        if (tags.isEmpty()) {
            return;
        }
        java.util.Map<String, String> wanted = new java.util.LinkedHashMap<>();
        c.dialog().sharingTag().ifPresent(t -> wanted.put("dialog.sharing_tag", t));
        c.floating().ifPresent(f -> wanted.put("floating.sharing_tag", f.sharingTag()));
        wanted.forEach((key, tag) -> {
            if (!tags.get().sharingTags().containsKey(tag)) {
                problems.add(at + "." + key, line, "'" + tag + "' is not declared in cluster " + tagCluster
                        + "'s sharing_tags " + tags.get().sharingTags().keySet());
            }
        });
    }

    private void checkUsrlocCluster(UsrlocConfig u, List<ClusterConfig> clusters, Fields top) {
        if (u.cluster().isEmpty()) {
            return;
        }
        int id = u.cluster().getAsInt();
        Optional<ClusterConfig> c = clusters.stream().filter(x -> x.id() == id).findFirst();
        String at = top.path("usrloc");
        if (c.isEmpty()) {
            problems.add(at + ".cluster", top.line("usrloc"), "cluster " + id
                    + " is not among this node's clusters " + clusters.stream().map(ClusterConfig::id).toList());
        } else if (u.dutyMode() == UsrlocConfig.DutyMode.OWNERSHIP && u.sharingTag().isPresent()
                && !c.get().sharingTags().containsKey(u.sharingTag().get())) {
            problems.add(at + ".sharing_tag", top.line("usrloc"), "'" + u.sharingTag().get()
                    + "' is not declared in cluster " + id + "'s sharing_tags " + c.get().sharingTags().keySet());
        }
    }

    private record Listener(BinUrl url, String path, int line) {
    }

    private List<Listener> readListeners(Fields top) {
        if (!top.has("listen")) {
            top.problem("listen", "is required: the BIN sockets to open, e.g. [bin:10.0.0.1:5555]");
            return List.of();
        }
        List<YamlNode> items = top.optionalList("listen");
        if (items.isEmpty() && top.node("listen") instanceof YamlNode.Sequence) {
            top.problem("listen", "must name at least one BIN socket");
        }
        List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item(top.path("listen"), i);
            YamlNode item = items.get(i);
            String text = Fields.stringValue(item, path, problems);
            BinUrl url = text == null ? null : Fields.binUrlValue(text, item, path, problems);
            if (url == null) {
                continue;
            }
            for (Listener earlier : listeners) {
                // Both are TCP sockets: the same port on the same (or every) address cannot be bound twice.
                boolean sameAddress = earlier.url.host().equals(url.host()) || earlier.url.isWildcard() || url.isWildcard();
                if (earlier.url.port() == url.port() && sameAddress) {
                    problems.add(path, item, "conflicts with " + earlier.path + " (" + earlier.url + "): same port");
                }
            }
            listeners.add(new Listener(url, path, item.line()));
        }
        return listeners;
    }

    /**
     * A {@code bins:} listener must have a certificate to present, and one listener can present only one: the
     * clusters that advertise it as their url must agree on their TLS material.
     */
    private void checkTlsListeners(List<Listener> listeners, List<ClusterConfig> clusters, boolean anyTls) {
        for (Listener l : listeners) {
            if (!l.url.isTls()) {
                continue;
            }
            if (!anyTls) {
                problems.add(l.path, l.line, "a bins: listener needs TLS material, and no cluster has a tls section");
                continue;
            }
            Optional<TlsConfig> first = Optional.empty();
            int firstCluster = 0;
            for (ClusterConfig c : clusters) {
                if (!(c.nodes() instanceof NodeSource.File f) || c.tls().isEmpty()
                        || !BinUrl.parse(f.self().url().toString()).isServedBy(l.url)) {
                    continue;
                }
                if (first.isEmpty()) {
                    first = c.tls();
                    firstCluster = c.id();
                } else if (!first.equals(c.tls())) {
                    problems.add(l.path, l.line, String.format(Locale.ROOT,
                            "clusters %d and %d both advertise this listener but have different tls sections; "
                                    + "a listener presents one certificate", firstCluster, c.id()));
                }
            }
        }
    }

    /** Reads {@code timings}: a profile name, or a mapping of values over a profile. */
    static final class TimingsReader {
        private final Problems problems;

        TimingsReader(Problems problems) {
            this.problems = problems;
        }

        Timings read(YamlNode node, String path) {
            if (node == null || Fields.isNull(node)) {
                return Timings.OPENSIPS_DEFAULTS;
            }
            if (node instanceof YamlNode.Scalar) {
                String name = Fields.stringValue(node, path, problems);
                Timings t = name == null ? null : profile(name, node, path);
                return t == null ? Timings.OPENSIPS_DEFAULTS : t;
            }
            Fields f = Fields.of(node, path, problems, "profile", "ping_interval", "ping_timeout", "node_timeout");
            String name = f.optionalString("profile");
            Timings base = name == null ? Timings.OPENSIPS_DEFAULTS : profile(name, f.node("profile"), f.path("profile"));
            if (base == null) {
                base = Timings.OPENSIPS_DEFAULTS;
            }
            Duration interval = f.optionalDuration("ping_interval", Duration.ofMillis(base.pingIntervalMillis()), Duration.ofMillis(1));
            Duration timeout = f.optionalDuration("ping_timeout", Duration.ofMillis(base.pingTimeoutMillis()), Duration.ofMillis(1));
            Duration nodeTimeout = f.optionalDuration("node_timeout", Duration.ofMillis(base.nodeTimeoutMillis()), Duration.ZERO);
            try {
                return new Timings(interval.toMillis(), timeout.toMillis(), nodeTimeout.toMillis());
            } catch (IllegalArgumentException e) {
                problems.add(path, node, e.getMessage() + " (ping_interval " + Durations.format(interval)
                        + ", ping_timeout " + Durations.format(timeout) + ")");
                return Timings.OPENSIPS_DEFAULTS;
            }
        }

        private Timings profile(String name, YamlNode at, String path) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "opensips" -> Timings.OPENSIPS_DEFAULTS;
                case "fast" -> Timings.FAST;
                default -> {
                    problems.add(path, at, "must be opensips or fast (or a mapping of ping_interval, ping_timeout, "
                            + "node_timeout), got '" + name + "'");
                    yield null;
                }
            };
        }
    }
}
