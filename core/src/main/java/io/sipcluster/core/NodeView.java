package io.sipcluster.core;

import io.sipcluster.core.link.LinkState;
import io.sipcluster.wire.Str;
import java.util.Set;

/**
 * A snapshot of one remote node as the local node sees it (what {@code clusterer_list} shows).
 *
 * @param enabled false when management disabled the node here ({@code clusterer_set_status})
 * @param nextHop the neighbour packets to this node go through, or -1 when it is unreachable
 * @param neighbours the node's up links as learned from topology updates
 * @param sipAddr the node's SIP address as provisioned or described (empty when it has none)
 * @param priority next-hop preference, lower first
 * @param noPingRetries unanswered pings retried before the link to it is declared down
 * @param seed provisioned as a seed (OpenSIPS does not pass the flag on to other nodes: false for learned ones)
 */
public record NodeView(int nodeId, Str url, LinkState linkState, boolean enabled, int nextHop,
                       Set<Integer> neighbours, Str sipAddr, int priority, int noPingRetries, boolean seed) {
    public NodeView {
        neighbours = Set.copyOf(neighbours);
    }

    public boolean reachable() {
        return nextHop > 0;
    }
}
