package io.sipcluster.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FloodingTest {
    /** Local node 1 in a full mesh of {@code n}: everyone has a link to everyone. */
    private static TopologyGraph fullMesh(int n) {
        return fullMesh(n, 1);
    }

    private static TopologyGraph fullMesh(int n, int self) {
        TopologyGraph g = new TopologyGraph(self);
        for (int id = 1; id <= n; id++) {
            g.addNode(id, 50);
        }
        for (int a = 1; a <= n; a++) {
            for (int b = 1; b <= n; b++) {
                g.setLink(a, b, true);
            }
        }
        return g;
    }

    @Test
    void inAFullMeshAnLsUpdateFromItsOriginatorGoesNoFurther() {
        // Node 2 sent it to all its up neighbours, us included: everyone else has it from node 2.
        assertThat(Flooding.targets(fullMesh(6), List.of(2), 2, true)).isEmpty();
    }

    @Test
    void anUpdateTheOriginatorSentToUsAloneGoesToAllOurOtherNeighbours() {
        // A FULL_TOP_UPDATE is sent to one neighbour: the originator's links cover nobody.
        assertThat(Flooding.targets(fullMesh(6), List.of(2), 2, false)).containsExactly(3, 4, 5, 6);
    }

    @Test
    void anUpdateRelayedOnceInAFullMeshGoesNoFurther() {
        // Node 3 relayed node 2's FULL_TOP_UPDATE to all its neighbours.
        assertThat(Flooding.targets(fullMesh(6), List.of(2, 3), 2, false)).isEmpty();
    }

    @Test
    void aNeighbourNoPathNodeHasALinkToStillGetsIt() {
        TopologyGraph g = fullMesh(6);
        g.setLink(2, 5, false); // 2 lost its link to 5 (and we know it)
        g.setLink(3, 5, false);
        assertThat(Flooding.targets(g, List.of(2, 3), 2, true)).containsExactly(5);
        // Without the link 3-5 known down, node 3 would be believed to cover 5.
        g.setLink(3, 5, true);
        assertThat(Flooding.targets(g, List.of(2, 3), 2, true)).isEmpty();
    }

    @Test
    void ofTheNodesAnOriginatorSentToOnlyTheLowestIdRelaysToAGivenNode() {
        // Node 6 announced something to all its neighbours but 5, which it has no link to: 1, 2, 3 and 4 all got it
        // and all have a link to 5. Node 1 relays to 5; the others leave it to node 1.
        for (int self = 1; self <= 4; self++) {
            TopologyGraph g = fullMesh(6, self);
            g.setLink(6, 5, false);
            assertThat(Flooding.targets(g, List.of(6), 6, true)).as("at node " + self)
                    .isEqualTo(self == 1 ? List.of(5) : List.of());
        }
        // Node 1 has no link to 5: node 2 is the lowest with one.
        TopologyGraph g = fullMesh(6, 2);
        g.setLink(6, 5, false);
        g.setLink(1, 5, false);
        assertThat(Flooding.targets(g, List.of(6), 6, true)).containsExactly(5);
        // Only for a message the originator sent to all: one sent to us alone is ours to pass on.
        assertThat(Flooding.targets(fullMesh(6, 3), List.of(6), 6, false)).containsExactly(1, 2, 4, 5);
    }

    @Test
    void nodesInThePathAndUnknownPathNodesAreSkipped() {
        TopologyGraph g = new TopologyGraph(1);
        for (int id = 2; id <= 4; id++) {
            g.addNode(id, 50);
            g.setLink(1, id, true);
        }
        // A line 9 (unknown to us) -> 2 -> 1; our neighbours 3 and 4 are covered by nobody we know of.
        assertThat(Flooding.targets(g, List.of(9, 2), 9, true)).containsExactly(3, 4);
    }

    @Test
    void onlyUpNeighboursAreTargets() {
        TopologyGraph g = fullMesh(4);
        g.setLink(1, 4, false);
        g.setLink(2, 4, false);
        g.setLink(3, 4, false);
        assertThat(Flooding.targets(g, List.of(2), 2, false)).containsExactly(3);
    }

    @Test
    void aNodeTellsItsOwnNeighboursAboutItself() {
        TopologyGraph g = fullMesh(4);
        g.setLink(3, 4, false);
        assertThat(Flooding.tellsItself(g, 3, 2)).isTrue();
        assertThat(Flooding.tellsItself(g, 3, 4)).isFalse();
        assertThat(Flooding.tellsItself(g, 4, 4)).isTrue();
    }
}
