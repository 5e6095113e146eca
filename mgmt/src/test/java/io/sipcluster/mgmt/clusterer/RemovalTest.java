package io.sipcluster.mgmt.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.mgmt.Eventually;
import io.sipcluster.mgmt.TestCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code clusterer_remove_node} in discovery mode: every node forgets the removed one. */
class RemovalTest {
    @Test
    void aRemovedNodeLeavesEveryList() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, true).awaitFormed()) {
            cluster.stop(3);
            assertThat(cluster.mi(1).call("clusterer_remove_node", List.of("1", "3")).asText()).isEqualTo("OK");
            assertThat(cluster.mi(1).call("clusterer_list").at("/Clusters/0/Nodes").size()).isEqualTo(1);
            Eventually.await("node 2 forgets node 3", Duration.ofSeconds(10), () -> {
                try {
                    return cluster.mi(2).call("clusterer_list").at("/Clusters/0/Nodes").size() == 1;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
    }
}
