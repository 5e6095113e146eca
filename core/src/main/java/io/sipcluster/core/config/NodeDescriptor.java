package io.sipcluster.core.config;

import io.sipcluster.wire.Str;

/**
 * A node as provisioned: a row of OpenSIPS's {@code clusterer} table, or a {@code my_node_info} /
 * {@code neighbor_node_info} entry.
 *
 * @param url where the node listens for BIN, {@code bin:host:port} or {@code bins:host:port}
 * @param sipAddr opaque SIP address handed to modules (usrloc federation matches on it)
 * @param priority next-hop tie-breaker: lower is preferred
 * @param noPingRetries unanswered pings retried before the link is declared down
 * @param seed a seed node may declare itself synced when no donor answers
 * @param enabled a disabled node is ignored (OpenSIPS {@code state} 0)
 */
public record NodeDescriptor(int nodeId, Str url, Str sipAddr, int priority, int noPingRetries, boolean seed,
                             boolean enabled) {
    public static final int DEFAULT_PRIORITY = 50;
    public static final int DEFAULT_PING_RETRIES = 3;

    public NodeDescriptor {
        if (nodeId <= 0) {
            throw new IllegalArgumentException("node id must be > 0, got " + nodeId);
        }
        if (url == null || url.isEmpty()) {
            throw new IllegalArgumentException("node " + nodeId + " has no url");
        }
        if (noPingRetries < 0) {
            throw new IllegalArgumentException("node " + nodeId + ": no_ping_retries must be >= 0");
        }
        if (sipAddr == null) {
            sipAddr = Str.EMPTY;
        }
    }

    public static NodeDescriptor of(int nodeId, String url) {
        return new NodeDescriptor(nodeId, Str.of(url), Str.EMPTY, DEFAULT_PRIORITY, DEFAULT_PING_RETRIES, false, true);
    }

    public NodeDescriptor asSeed() {
        return new NodeDescriptor(nodeId, url, sipAddr, priority, noPingRetries, true, enabled);
    }

    public NodeDescriptor withPriority(int p) {
        return new NodeDescriptor(nodeId, url, sipAddr, p, noPingRetries, seed, enabled);
    }
}
