package io.sipcluster.core;

import io.sipcluster.core.link.LinkState;
import io.sipcluster.wire.Str;
import java.util.Set;

/**
 * A snapshot of one remote node as the local node sees it (what {@code clusterer_list} shows).
 *
 * @param nextHop the neighbour packets to this node go through, or -1 when it is unreachable
 * @param neighbours the node's up links as learned from topology updates
 */
public record NodeView(int nodeId, Str url, LinkState linkState, boolean enabled, int nextHop,
                       Set<Integer> neighbours) {
    public boolean reachable() {
        return nextHop > 0;
    }
}
