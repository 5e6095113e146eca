package io.sipcluster.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutesTest {
    private static Routes routes(Map<Integer, Set<Integer>> graph, Map<Integer, Integer> priority) {
        return Routes.compute(1, id -> graph.getOrDefault(id, Set.of()), id -> priority.getOrDefault(id, 50));
    }

    @Test
    void directNeighboursAreTheirOwnNextHop() {
        Routes r = routes(Map.of(1, Set.of(2, 3)), Map.of());
        assertThat(r.nextHop(2)).isEqualTo(2);
        assertThat(r.nextHop(3)).isEqualTo(3);
        assertThat(r.reachableNodes()).containsExactlyInAnyOrder(2, 3);
    }

    @Test
    void fewerHopsWinOverPriority() {
        // 1-2-4 and 1-3-5-4: 3 is preferred by priority but its path is longer.
        Routes r = routes(Map.of(1, Set.of(2, 3), 2, Set.of(4), 3, Set.of(5), 5, Set.of(4)), Map.of(3, 1, 2, 90));
        assertThat(r.nextHop(4)).isEqualTo(2);
    }

    @Test
    void amongEqualPathsTheLowerPriorityThenTheLowerIdWins() {
        Map<Integer, Set<Integer>> g = Map.of(1, Set.of(2, 3), 2, Set.of(4), 3, Set.of(4));
        assertThat(routes(g, Map.of()).nextHop(4)).isEqualTo(2);
        assertThat(routes(g, Map.of(3, 10)).nextHop(4)).isEqualTo(3);
    }

    @Test
    void unreachableNodesHaveNoNextHop() {
        Routes r = routes(Map.of(1, Set.of(2), 3, Set.of(4)), Map.of());
        assertThat(r.nextHop(3)).isEqualTo(-1);
        assertThat(r.reachable(4)).isFalse();
    }

    @Test
    void linksOnlyOthersKnowAreUsedOneWayAsLearned() {
        // We learned 2's links; a cycle back to us is ignored.
        Routes r = routes(Map.of(1, Set.of(2), 2, Set.of(1, 3), 3, Set.of(2, 1)), Map.of());
        assertThat(r.nextHop(3)).isEqualTo(2);
        assertThat(r.reachableNodes()).doesNotContain(1);
    }
}
