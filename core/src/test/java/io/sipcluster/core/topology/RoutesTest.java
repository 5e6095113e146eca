package io.sipcluster.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutesTest {
    /** The local node is 1; nodes 2..9 are known with priority 50 unless given. */
    private static TopologyGraph graph(Map<Integer, Set<Integer>> links, Map<Integer, Integer> priority) {
        TopologyGraph g = new TopologyGraph(1);
        for (int id = 2; id <= 9; id++) {
            g.addNode(id, priority.getOrDefault(id, 50));
        }
        links.forEach((from, tos) -> tos.forEach(to -> g.setLink(from, to, true)));
        return g;
    }

    @Test
    void directNeighboursAreTheirOwnNextHop() {
        TopologyGraph g = graph(Map.of(1, Set.of(2, 3)), Map.of());
        assertThat(g.nextHop(2)).isEqualTo(2);
        assertThat(g.nextHop(3)).isEqualTo(3);
        assertThat(g.routes().reachableNodes()).containsExactly(2, 3);
    }

    @Test
    void fewerHopsWinOverPriority() {
        // 1-2-4 and 1-3-5-4: 3 is preferred by priority but its path is longer.
        TopologyGraph g = graph(Map.of(1, Set.of(2, 3), 2, Set.of(4), 3, Set.of(5), 5, Set.of(4)), Map.of(3, 1, 2, 90));
        assertThat(g.nextHop(4)).isEqualTo(2);
        assertThat(g.nextHop(5)).isEqualTo(3);
    }

    @Test
    void amongEqualPathsTheLowerPriorityThenTheLowerIdWins() {
        Map<Integer, Set<Integer>> links = Map.of(1, Set.of(2, 3), 2, Set.of(4), 3, Set.of(4));
        assertThat(graph(links, Map.of()).nextHop(4)).isEqualTo(2);
        assertThat(graph(links, Map.of(3, 10)).nextHop(4)).isEqualTo(3);
    }

    @Test
    void aPathKeepsItsFirstHopOverSeveralLevels() {
        TopologyGraph g = graph(Map.of(1, Set.of(3), 3, Set.of(4), 4, Set.of(5), 5, Set.of(6)), Map.of());
        assertThat(g.nextHop(6)).isEqualTo(3);
        assertThat(g.routes().reachableNodes()).containsExactly(3, 4, 5, 6);
    }

    @Test
    void unreachableNodesHaveNoNextHop() {
        TopologyGraph g = graph(Map.of(1, Set.of(2), 3, Set.of(4)), Map.of());
        assertThat(g.nextHop(3)).isEqualTo(-1);
        assertThat(g.nextHop(4)).isEqualTo(-1);
        assertThat(g.nextHop(42)).isEqualTo(-1);
    }

    @Test
    void linksTowardsTheLocalNodeAreNotKept() {
        TopologyGraph g = graph(Map.of(1, Set.of(2), 2, Set.of(1, 3), 3, Set.of(2, 1)), Map.of());
        assertThat(g.neighbours(2)).containsExactly(3);
        assertThat(g.nextHop(3)).isEqualTo(2);
        assertThat(g.routes().reachableNodes()).doesNotContain(1);
    }

    @Test
    void disabledNodesAreNeitherReachedNorCrossed() {
        TopologyGraph g = graph(Map.of(1, Set.of(2, 3), 2, Set.of(4), 3, Set.of(4)), Map.of());
        g.setEnabled(2, false);
        assertThat(g.nextHop(2)).isEqualTo(-1);
        assertThat(g.nextHop(4)).isEqualTo(3);
    }

    @Test
    void theVersionMovesOnlyWhenTheRoutesChange() {
        TopologyGraph g = graph(Map.of(1, Set.of(2, 3), 2, Set.of(4)), Map.of());
        long v = g.routesVersion();
        g.setLink(3, 5, false); // no such link: nothing changes
        g.setLink(2, 5, true);
        assertThat(g.routesVersion()).isGreaterThan(v);
        v = g.routesVersion();
        g.setLink(3, 5, true); // a second path of the same length, through a less preferred node: same routes
        assertThat(g.routesVersion()).isEqualTo(v);
        g.setLink(1, 2, false);
        assertThat(g.routesVersion()).isGreaterThan(v);
        assertThat(g.nextHop(5)).isEqualTo(3);
        assertThat(g.nextHop(4)).isEqualTo(-1);
    }

    @Test
    void aRemovedNodesIndexIsReusedWithoutItsLinks() {
        TopologyGraph g = graph(Map.of(1, Set.of(2, 3), 3, Set.of(4)), Map.of());
        g.removeNode(3);
        assertThat(g.nextHop(4)).isEqualTo(-1);
        g.addNode(10, 50);
        assertThat(g.neighbours(10)).isEmpty();
        assertThat(g.linked(1, 10)).isFalse();
        g.setLink(1, 10, true);
        g.replaceNeighbours(10, List.of(4, 1, 77));
        assertThat(g.neighbours(10)).containsExactly(4);
        assertThat(g.nextHop(4)).isEqualTo(10);
    }

    @Test
    void aFullMeshOf128IsRoutedDirectly() {
        TopologyGraph g = new TopologyGraph(1);
        for (int id = 2; id <= 128; id++) {
            g.addNode(id, 50);
            g.setLink(1, id, true);
        }
        for (int a = 2; a <= 128; a++) {
            for (int b = 2; b <= 128; b++) {
                g.setLink(a, b, true);
            }
        }
        assertThat(g.routes().reachableNodes()).hasSize(127);
        for (int id = 2; id <= 128; id++) {
            assertThat(g.nextHop(id)).isEqualTo(id);
        }
    }
}
