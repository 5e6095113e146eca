package io.sipcluster.core.topology;

import java.util.BitSet;
import java.util.List;

/**
 * Who must get a flooded message: pruned flooding over the learned graph.
 *
 * <p>OpenSIPS floods every message to every up neighbour not yet in its path, so in a full mesh of N nodes each
 * update crosses every link: about N^2 copies, where N would do. A node can do better from what it knows:
 * <ul>
 *   <li>every node in the path has flooded the message to all its own up neighbours not in the path before it
 *       (OpenSIPS and sipcluster nodes alike), so a neighbour Z that a path node has a link to got, or will get,
 *       the message from that node;</li>
 *   <li>except from the originator of a message it sends to one neighbour only (FULL_TOP_UPDATE, the full
 *       CAP_UPDATE of a link coming up, NODE_DESCRIPTION): the originator covers nobody but that neighbour, who is
 *       in the path anyway. An LS_UPDATE goes from its originator to all its up neighbours but the one it is about,
 *       and that one gets the originator's FULL_TOP_UPDATE instead when the link comes up: with the update applied
 *       first, the originator's links are exactly the neighbours it told.</li>
 * </ul>
 * By induction along the path, the first node in it with a link to Z sends to Z, so no neighbour is left out as
 * long as the local view of the path nodes' links is right. Where it is wrong (an update still in flight, one lost
 * behind a silent cut), the periodic refresh of every node's own links repairs it.
 *
 * <p>That still leaves every node that got a message straight from its originator sending it to each of its
 * neighbours the originator has no link to, which while a full mesh forms (links coming up everywhere at once) is
 * about N copies to each such neighbour. For a message the originator sent to all its up neighbours, those
 * neighbours all have it, so one of them is enough: a neighbour Z is served by the one with the lowest node id
 * among the originator's neighbours with a link to Z, as the local node sees them. Where views differ, Z gets a
 * copy too many, or none until the next refresh.
 *
 * <p>For topology entries the same reasoning goes one step further: a node with a link to Z tells Z about its own
 * links itself (an LS_UPDATE on every change, a FULL_TOP_UPDATE when the link comes up), so an entry about node K
 * need not be sent to a neighbour K has a link to ({@link #tellsItself}).
 */
public final class Flooding {
    private Flooding() {}

    /**
     * The up neighbours of the local node that must get a message flooded along {@code path} (the nodes it went
     * through, its originator first), ascending: not in the path and not covered by a path node.
     *
     * @param originatorSentToAll true for messages the originator sends to all its up neighbours (LS_UPDATE,
     *     periodic refresh), false for those it sends to one
     */
    public static List<Integer> targets(TopologyGraph g, List<Integer> path, int originator,
                                        boolean originatorSentToAll) {
        BitSet out = (BitSet) g.adjacencyOf(TopologyGraph.SELF).clone();
        for (int id : path) {
            int idx = g.indexOf(id);
            if (idx < 0) {
                continue; // a node we do not know covers nobody we could tell
            }
            out.clear(idx);
            if (id != originator || originatorSentToAll) {
                out.andNot(g.adjacencyOf(idx));
            }
        }
        int from = g.indexOf(originator);
        if (originatorSentToAll && path.size() == 1 && path.get(0) == originator && from >= 0) {
            leaveToLowerSiblings(g, out, from);
        }
        return g.ids(out);
    }

    /**
     * Drops from {@code out} every neighbour that a node with a lower id than ours, which got the message from the
     * originator too, has a link to: that node serves it.
     */
    private static void leaveToLowerSiblings(TopologyGraph g, BitSet out, int originator) {
        BitSet lowerSiblings = (BitSet) g.adjacencyOf(originator).clone();
        lowerSiblings.and(g.lowerIds());
        if (lowerSiblings.isEmpty()) {
            return;
        }
        for (int z = out.nextSetBit(0); z >= 0; z = out.nextSetBit(z + 1)) {
            if (g.inLinksOf(z).intersects(lowerSiblings)) {
                out.clear(z);
            }
        }
    }

    /**
     * Whether node {@code about} tells {@code target} about its own links itself, so that relaying an entry about
     * it to {@code target} is redundant (also when they are the same node).
     */
    public static boolean tellsItself(TopologyGraph g, int about, int target) {
        return about == target || g.linked(about, target);
    }
}
