package io.sipcluster.mgmt.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sipcluster.mgmt.Eventually;
import io.sipcluster.mgmt.TestCluster;
import io.sipcluster.mgmt.client.MiCallException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands for a node that is gone are answered at once, alone or within a broadcast. */
class ClusterMiDownTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aNodeThatIsDownIsReportedAsSuch() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, false).awaitFormed()) {
            cluster.stop(3);
            Eventually.await("node 1 sees node 3 down", Duration.ofSeconds(10),
                    () -> !cluster.reachableFrom(1).contains(3));
            try {
                cluster.mi(1).call("cluster_send_mi", JSON.valueToTree(List.of("1", "3", "clusterer_list")));
                throw new AssertionError("expected Destination down");
            } catch (MiCallException e) {
                assertThat(e.getMessage()).isEqualTo("400 Destination down: node 3 is disabled or cannot be reached now");
            }
            JsonNode nodes = cluster.mi(1).call("cluster_broadcast_mi", JSON.valueToTree(List.of("1", "which")))
                    .get("Nodes");
            assertThat(nodes.size()).isEqualTo(3);
            assertThat(nodes.get(0).get("result").isArray()).isTrue();
            assertThat(nodes.get(2).get("node_id").asInt()).isEqualTo(3);
            assertThat(nodes.get(2).at("/error/message").asText()).isEqualTo("Destination down");
        }
    }
}
