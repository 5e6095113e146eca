package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.BinUrl;
import io.sipcluster.wire.Str;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code clusters}: for each, this node's own entry (OpenSIPS {@code my_node_info}) and its neighbours
 * ({@code neighbor_node_info}), or {@code provisioning: sql}; its sharing tags and TLS material.
 */
final class ClusterReader {
    private static final List<String> KEYS = List.of("id", "provisioning", "url", "sip_addr", "priority",
            "ping_retries", "seed", "neighbours", "sharing_tags", "tls");
    private static final List<String> NEIGHBOUR_KEYS = List.of("id", "url", "sip_addr", "priority", "ping_retries", "seed");
    /** The keys a table-provisioned cluster must not have: the table's rows say these things. */
    private static final List<String> TABLE_GIVES = List.of("url", "sip_addr", "priority", "ping_retries", "seed", "neighbours");
    /** More retries than this is a typo: each one adds a ping timeout to failure detection. */
    private static final int MAX_PING_RETRIES = 100;

    private final int nodeId;
    private final List<BinUrl> listeners;
    private final Path baseDir;
    private final FileAccess files;
    private final Problems problems;
    private boolean sawTlsSection;

    /** @param nodeId this node's id, or -1 when it could not be read (then it is not compared) */
    ClusterReader(int nodeId, List<BinUrl> listeners, Path baseDir, FileAccess files, Problems problems) {
        this.nodeId = nodeId;
        this.listeners = listeners;
        this.baseDir = baseDir;
        this.files = files;
        this.problems = problems;
    }

    List<ClusterConfig> read(List<YamlNode> items, String path) {
        List<ClusterConfig> clusters = new ArrayList<>();
        Map<Integer, String> seenIds = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = Problems.item(path, i);
            ClusterConfig c = readCluster(items.get(i), itemPath);
            if (c == null) {
                continue;
            }
            String earlier = seenIds.putIfAbsent(c.id(), itemPath);
            if (earlier != null) {
                problems.add(Problems.child(itemPath, "id"), items.get(i), "cluster " + c.id() + " is already listed as " + earlier);
                continue;
            }
            clusters.add(c);
        }
        return clusters;
    }

    private ClusterConfig readCluster(YamlNode node, String path) {
        Fields f = Fields.of(node, path, problems, KEYS);
        Integer id = f.requiredInt("id", 1, Integer.MAX_VALUE);
        boolean fromTable = readProvisioning(f);
        NodeSource nodes;
        boolean usesBins = false;
        if (fromTable) {
            TABLE_GIVES.forEach(key -> f.forbid(key, "with provisioning: sql the clusterer table gives it"));
            nodes = new NodeSource.Table();
        } else {
            FileNodes read = readFileNodes(f);
            nodes = read.nodes;
            usesBins = read.usesBins;
        }
        Map<String, SharingTagState> tags = readSharingTags(f);
        Optional<TlsConfig> tls = readTls(f);
        if (usesBins && !f.has("tls")) {
            f.problem("tls", "is required: this cluster has bins: urls, which need a key, a certificate and trusted CAs");
        }
        if (id == null || nodes == null || tags == null || (f.has("tls") && tls.isEmpty())) {
            return null;
        }
        return new ClusterConfig(id, nodes, tags, tls);
    }

    private boolean readProvisioning(Fields f) {
        String p = f.optionalString("provisioning");
        if (p == null) {
            return false;
        }
        switch (p.toLowerCase(Locale.ROOT)) {
            case "sql":
                return true;
            case "file":
                return false;
            default:
                f.problem("provisioning", "must be file or sql, got '" + p + "'");
                return false;
        }
    }

    /**
     * This node's entry in the cluster and its neighbours ({@code nodes} null when something in them is wrong), and
     * whether any of their urls, even one next to a mistake, is {@code bins:}.
     */
    private record FileNodes(NodeSource.File nodes, boolean usesBins) {
    }

    private FileNodes readFileNodes(Fields f) {
        int before = problems.count();
        BinUrl url = f.requiredBinUrl("url");
        if (url != null) {
            checkOwnUrl(f, url);
        }
        // With node_id unreadable the file is refused anyway; a stand-in id lets the rest be checked.
        NodeDescriptor self = url == null ? null : descriptor(f, nodeId < 0 ? 1 : nodeId, url);
        List<BinUrl> neighbourUrls = new ArrayList<>();
        List<NodeDescriptor> neighbours = readNeighbours(f, url, neighbourUrls);
        boolean usesBins = (url != null && url.isTls()) || neighbourUrls.stream().anyMatch(BinUrl::isTls);
        boolean ok = problems.count() == before && self != null;
        return new FileNodes(ok ? new NodeSource.File(self, neighbours) : null, usesBins);
    }

    private void checkOwnUrl(Fields f, BinUrl url) {
        if (url.isWildcard()) {
            f.problem("url", "other nodes connect to this url, so it needs an address they can reach, not " + url.host());
        } else if (!listeners.isEmpty() && listeners.stream().noneMatch(url::isServedBy)) {
            // OpenSIPS refuses this too: the node's url must match one of its sockets (grep_sock_info).
            f.problem("url", "no listener serves " + url + "; add it to listen");
        }
    }

    /** The neighbours; every well-formed url is also added to {@code urlsSeen}. */
    private List<NodeDescriptor> readNeighbours(Fields cluster, BinUrl ownUrl, List<BinUrl> urlsSeen) {
        List<YamlNode> items = cluster.optionalList("neighbours");
        List<NodeDescriptor> neighbours = new ArrayList<>();
        Map<Integer, String> ids = new HashMap<>();
        Map<BinUrl, String> urls = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item(cluster.path("neighbours"), i);
            Fields f = Fields.of(items.get(i), path, problems, NEIGHBOUR_KEYS);
            Integer id = f.requiredInt("id", 1, Integer.MAX_VALUE);
            BinUrl url = f.requiredBinUrl("url");
            if (url != null) {
                urlsSeen.add(url);
            }
            if (id != null && id == nodeId) {
                f.problem("id", "is this node's own id (" + nodeId + "); a node is not its own neighbour");
                id = null;
            } else if (id != null && ids.containsKey(id)) {
                f.problem("id", "node " + id + " is already listed as " + ids.get(id));
                id = null;
            }
            if (url != null && url.isWildcard()) {
                f.problem("url", "must be an address this node can connect to, not " + url.host());
                url = null;
            } else if (url != null && url.equals(ownUrl)) {
                f.problem("url", "is this node's own url");
                url = null;
            } else if (url != null && urls.containsKey(url)) {
                f.problem("url", "is already the url of " + urls.get(url));
                url = null;
            }
            if (id == null || url == null) {
                continue;
            }
            ids.put(id, path);
            urls.put(url, path);
            NodeDescriptor n = descriptor(f, id, url);
            if (n != null) {
                neighbours.add(n);
            }
        }
        return neighbours;
    }

    /** The optional node properties shared by this node's entry and its neighbours', with OpenSIPS's defaults. */
    private NodeDescriptor descriptor(Fields f, int id, BinUrl url) {
        String sipAddr = f.optionalString("sip_addr");
        int priority = f.optionalInt("priority", NodeDescriptor.DEFAULT_PRIORITY, 0, Integer.MAX_VALUE);
        int retries = f.optionalInt("ping_retries", NodeDescriptor.DEFAULT_PING_RETRIES, 0, MAX_PING_RETRIES);
        boolean seed = f.optionalBoolean("seed", false);
        return new NodeDescriptor(id, url.toStr(), sipAddr == null ? Str.EMPTY : Str.of(sipAddr), priority, retries,
                seed, true);
    }

    /** {@code name: active|backup} pairs; null when one is wrong. */
    private Map<String, SharingTagState> readSharingTags(Fields cluster) {
        YamlNode node = cluster.node("sharing_tags");
        if (node == null || Fields.isNull(node)) {
            return Map.of();
        }
        if (!(node instanceof YamlNode.Mapping m)) {
            cluster.problem("sharing_tags", "must be a mapping of tag names to active or backup, got " + node.kind());
            return null;
        }
        Map<String, SharingTagState> tags = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String path = Problems.child(cluster.path("sharing_tags"), e.getKey());
            ok &= checkTagName(e.getKey(), path, m.keyLines().get(e.getKey()));
            String state = Fields.stringValue(e.getValue(), path, problems);
            if (state == null) {
                ok = false;
                continue;
            }
            switch (state.toLowerCase(Locale.ROOT)) {
                case "active" -> tags.put(e.getKey(), SharingTagState.ACTIVE);
                case "backup" -> tags.put(e.getKey(), SharingTagState.BACKUP);
                default -> {
                    problems.add(path, e.getValue(), "must be active or backup, got '" + state + "'");
                    ok = false;
                }
            }
        }
        return ok ? tags : null;
    }

    /** '/' and '=' would break OpenSIPS's {@code name/cluster_id=state} syntax, used by MI and by peers' configs. */
    private boolean checkTagName(String name, String path, int line) {
        if (name.isBlank() || name.indexOf('/') >= 0 || name.indexOf('=') >= 0 || name.chars().anyMatch(Character::isWhitespace)) {
            problems.add(path, line, "a sharing tag name must be non-empty, without spaces, '/' or '='");
            return false;
        }
        return true;
    }

    /** True once any cluster had a {@code tls} section, even a wrong one. */
    boolean sawTlsSection() {
        return sawTlsSection;
    }

    private Optional<TlsConfig> readTls(Fields cluster) {
        YamlNode node = cluster.node("tls");
        if (node == null) {
            return Optional.empty();
        }
        sawTlsSection = true;
        Fields f = Fields.of(node, cluster.path("tls"), problems, "key", "certificate", "trusted_cas");
        Path key = readFile(f, "key");
        Path certificate = readFile(f, "certificate");
        List<Path> cas = readTrustedCas(f);
        if (key == null || certificate == null || cas == null) {
            return Optional.empty();
        }
        return Optional.of(new TlsConfig(key, certificate, cas));
    }

    private Path readFile(Fields f, String key) {
        if (!f.has(key)) {
            f.problem(key, "is required");
            return null;
        }
        Path p = f.optionalPath(key, baseDir);
        if (p == null) {
            return null;
        }
        Optional<String> why = files.whyUnreadable(p);
        if (why.isPresent()) {
            f.problem(key, why.get());
            return null;
        }
        return p;
    }

    /** One file, or a list of files; null when absent or wrong. */
    private List<Path> readTrustedCas(Fields f) {
        YamlNode node = f.node("trusted_cas");
        if (node == null) {
            f.problem("trusted_cas", "is required: the CA certificates peers' certificates must chain to");
            return null;
        }
        if (!(node instanceof YamlNode.Sequence seq)) {
            Path p = readFile(f, "trusted_cas");
            return p == null ? null : List.of(p);
        }
        if (seq.items().isEmpty()) {
            f.problem("trusted_cas", "must name at least one file");
            return null;
        }
        List<Path> paths = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < seq.items().size(); i++) {
            String path = Problems.item(f.path("trusted_cas"), i);
            YamlNode item = seq.items().get(i);
            String text = Fields.stringValue(item, path, problems);
            if (text == null) {
                ok = false;
                continue;
            }
            Path p = baseDir.resolve(text).normalize();
            Optional<String> why = files.whyUnreadable(p);
            if (why.isPresent()) {
                problems.add(path, item, why.get());
                ok = false;
                continue;
            }
            paths.add(p);
        }
        return ok ? paths : null;
    }
}
