package io.sipcluster.runtime;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.config.BinUrl;
import io.sipcluster.runtime.transport.TlsSettings;
import io.sipcluster.runtime.transport.TransportLimits;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a {@link ClusterNode} needs to start, checked when built: which errors a configuration can have is
 * said here once, whatever file or table it came from.
 *
 * @param nodeId this node's id, the same in every cluster (as in OpenSIPS)
 * @param listeners BIN sockets to listen on; each cluster's own url must be served by one of them (same
 *     protocol and port; same host, or a wildcard host {@code 0.0.0.0})
 * @param clusters the clusters this node belongs to, with the nodes it knows at start
 * @param timings ping interval, ping timeout and node timeout ({@link Timings#OPENSIPS_DEFAULTS} for clusters with
 *     OpenSIPS nodes, {@link Timings#FAST} otherwise)
 * @param sharingTags tags declared at start
 * @param tls TLS material by cluster id: required for every cluster with a {@code bins:} url
 * @param limits transport bounds
 */
public record NodeSettings(int nodeId, List<BinUrl> listeners, List<ClusterSetup> clusters, Timings timings,
                           List<SharingTagSetting> sharingTags, Map<Integer, TlsSettings> tls,
                           TransportLimits limits) {
    public NodeSettings {
        if (nodeId <= 0) {
            throw new IllegalArgumentException("node id must be > 0, got " + nodeId);
        }
        clusters = List.copyOf(clusters);
        sharingTags = List.copyOf(sharingTags);
        tls = Map.copyOf(tls);
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("node " + nodeId + " belongs to no cluster");
        }
        if (timings == null || limits == null) {
            throw new IllegalArgumentException("timings and transport limits are required");
        }
        Set<Integer> ids = new java.util.HashSet<>();
        for (ClusterSetup c : clusters) {
            if (!ids.add(c.clusterId())) {
                throw new IllegalArgumentException("cluster " + c.clusterId() + " configured twice");
            }
            if (c.self().nodeId() != nodeId) {
                throw new IllegalArgumentException("cluster " + c.clusterId() + " provisions this node as "
                        + c.self().nodeId() + ", not " + nodeId);
            }
        }
        listeners = List.copyOf(listeners == null || listeners.isEmpty() ? ownUrls(clusters) : listeners);
        for (ClusterSetup c : clusters) {
            checkServed(c, listeners);
            checkTls(c, tls);
        }
        for (int tlsCluster : tls.keySet()) {
            if (!ids.contains(tlsCluster)) {
                throw new IllegalArgumentException("TLS settings for cluster " + tlsCluster + ", which is not configured");
            }
        }
        for (SharingTagSetting tag : sharingTags) {
            if (!ids.contains(tag.clusterId())) {
                throw new IllegalArgumentException("sharing tag " + tag.name() + " of cluster " + tag.clusterId()
                        + ", which is not configured");
            }
        }
    }

    private static List<BinUrl> ownUrls(List<ClusterSetup> clusters) {
        Set<BinUrl> urls = new LinkedHashSet<>();
        for (ClusterSetup c : clusters) {
            urls.add(BinUrl.parseLenient(c.self().url()));
        }
        return new ArrayList<>(urls);
    }

    private static void checkServed(ClusterSetup c, List<BinUrl> listeners) {
        BinUrl own = BinUrl.parseLenient(c.self().url());
        for (BinUrl l : listeners) {
            if (l.isTls() == own.isTls() && l.port() == own.port() && (l.isWildcard() || l.host().equals(own.host()))) {
                return;
            }
        }
        throw new IllegalArgumentException("cluster " + c.clusterId() + ": this node's url " + own
                + " is not one of the listeners " + listeners);
    }

    /**
     * A cluster is either TLS throughout or not at all: with TLS settings it accepts its packets only over TLS, so
     * a {@code bin:} node could never join it; without them a {@code bins:} node could not be reached.
     */
    private static void checkTls(ClusterSetup c, Map<Integer, TlsSettings> tls) {
        boolean hasTls = tls.containsKey(c.clusterId());
        List<NodeDescriptor> all = new ArrayList<>(c.neighbours());
        all.add(c.self());
        for (NodeDescriptor n : all) {
            boolean bins = BinUrl.parseLenient(n.url()).isTls();
            if (bins && !hasTls) {
                throw new IllegalArgumentException("cluster " + c.clusterId() + " has a bins: url (node "
                        + n.nodeId() + ") but no TLS settings");
            }
            if (!bins && hasTls) {
                throw new IllegalArgumentException("cluster " + c.clusterId() + " has TLS settings but node "
                        + n.nodeId() + " has a plain bin: url");
            }
        }
    }

    public static Builder builder(int nodeId) {
        return new Builder(nodeId);
    }

    /** Builds settings step by step; {@link #build()} checks them. */
    public static final class Builder {
        private final int nodeId;
        private final List<BinUrl> listeners = new ArrayList<>();
        private final List<ClusterSetup> clusters = new ArrayList<>();
        private final List<SharingTagSetting> tags = new ArrayList<>();
        private final Map<Integer, TlsSettings> tls = new TreeMap<>();
        private Timings timings = Timings.OPENSIPS_DEFAULTS;
        private TransportLimits limits = TransportLimits.DEFAULTS;

        private Builder(int nodeId) {
            this.nodeId = nodeId;
        }

        /** Adds a listener ({@code bin:host:port} or {@code bins:host:port}); without any, each cluster's own url. */
        public Builder listen(String url) {
            listeners.add(BinUrl.parseLenient(url));
            return this;
        }

        public Builder cluster(ClusterSetup setup) {
            clusters.add(setup);
            return this;
        }

        public Builder timings(Timings t) {
            timings = t;
            return this;
        }

        public Builder sharingTag(int clusterId, String name, boolean active) {
            tags.add(new SharingTagSetting(clusterId, name, active));
            return this;
        }

        public Builder tls(int clusterId, TlsSettings settings) {
            tls.put(clusterId, settings);
            return this;
        }

        public Builder limits(TransportLimits l) {
            limits = l;
            return this;
        }

        public NodeSettings build() {
            return new NodeSettings(nodeId, listeners, clusters, timings, tags, tls, limits);
        }
    }
}
