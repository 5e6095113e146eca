package io.sipcluster.mgmt.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sipcluster.mgmt.Eventually;
import io.sipcluster.mgmt.TestCluster;
import io.sipcluster.mgmt.client.MiCallException;
import io.sipcluster.mgmt.client.MiClient;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code cluster_send_mi} and {@code cluster_broadcast_mi} between three real engines: the other node runs the
 * command through its own registry and its result comes back in the JSON-RPC answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterMiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.start(3, false, (id, b) -> b.clusterCommandTimeout(Duration.ofSeconds(1)))
                .awaitFormed();
        // A command on node 2 that never finishes, for the timeout case.
        cluster.management(2).commands().register(MiCommand.builder("test", "hang")
                .recipe(p -> new CompletableFuture<>()).build());
        // Results come back once the nodes have told each other (CAP_UPDATE) that they answer commands.
        for (int from = 1; from <= 3; from++) {
            for (int to = 1; to <= 3; to++) {
                if (from != to) {
                    int f = from;
                    int t = to;
                    Eventually.await("node " + f + " gets results from node " + t, Duration.ofSeconds(10),
                            () -> send(f, t, "clusterer_list").isObject());
                }
            }
        }
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private JsonNode send(int from, int to, String command, String... params) {
        try {
            return cluster.mi(from).call("cluster_send_mi", JSON.valueToTree(params.length == 0
                    ? List.of("1", Integer.toString(to), command)
                    : List.of("1", Integer.toString(to), command, List.of(params))));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static MiCallException error(MiClient mi, String method, Object params) {
        try {
            mi.call(method, JSON.valueToTree(params));
        } catch (MiCallException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected an MI error from " + method + " " + params);
    }

    @Test
    void theRemoteResultComesBack() {
        JsonNode list = send(1, 2, "clusterer:list");
        assertThat(list.at("/Clusters/0/Nodes/0/node_id").asInt()).as("node 2's view: node 1 first").isEqualTo(1);
        assertThat(list.at("/Clusters/0/Nodes/1/node_id").asInt()).isEqualTo(3);
    }

    @Test
    void namedParametersAndAnActionOnTheOtherNode() throws Exception {
        JsonNode ok = cluster.mi(1).call("clusterer:send_mi", JSON.readTree(
                "{\"cluster_id\":1,\"destination\":3,\"cmd_name\":\"clusterer_shtag_set_active\","
                        + "\"cmd_params\":[\"relayed/1\"]}"));
        assertThat(ok.asText()).isEqualTo("OK");
        assertThat(cluster.mi(3).call("clusterer_list_shtags").toString())
                .contains("{\"Tag\":\"relayed\",\"Cluster\":1,\"State\":\"active\"}");
    }

    @Test
    void theRemoteErrorComesBackWithItsCode() {
        MiCallException notFound = error(cluster.mi(1), "cluster_send_mi",
                List.of("1", "2", "clusterer_set_status", List.of("9", "1")));
        assertThat(notFound.code()).isEqualTo(404);
        assertThat(notFound.getMessage()).isEqualTo("404 Cluster id not found: from node 2");
        MiCallException unknown = error(cluster.mi(1), "cluster_send_mi", List.of("1", "2", "no_such_command"));
        assertThat(unknown.code()).isEqualTo(MiException.METHOD_NOT_FOUND);
        assertThat(unknown.data()).isEqualTo("from node 2");
    }

    @Test
    void aSilentNodeTimesOut() {
        long start = System.nanoTime();
        MiCallException late = error(cluster.mi(1), "cluster_send_mi", List.of("1", "2", "test:hang"));
        assertThat(late.code()).isEqualTo(MiException.SERVER_ERROR);
        assertThat(late.data()).isEqualTo("node 2 did not answer within 1000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void openSipsValidationErrors() {
        MiClient mi = cluster.mi(1);
        assertThat(error(mi, "cluster_send_mi", List.of("1", "1", "clusterer_list")).getMessage())
                .isEqualTo("400 Local node specified as destination");
        assertThat(error(mi, "cluster_send_mi", List.of("1", "0", "clusterer_list")).getMessage())
                .isEqualTo("400 Bad value for 'destination'");
        assertThat(error(mi, "cluster_send_mi", List.of("1", "7", "clusterer_list")).getMessage())
                .isEqualTo("400 Send error: node 7 is not in cluster 1");
        assertThat(error(mi, "cluster_send_mi", List.of("4", "2", "clusterer_list")).getMessage())
                .isEqualTo("404 Cluster id not found");
        assertThat(error(mi, "cluster_send_mi", List.of("1", "2", "clusterer_list", "x")).code())
                .as("cmd_params must be an array").isEqualTo(MiException.INVALID_PARAMS);
        assertThat(error(mi, "cluster_broadcast_mi", List.of("1", "cluster_broadcast_mi")).getMessage())
                .isEqualTo("400 Bad value for 'cmd_name': cluster_broadcast_mi cannot itself be sent to other nodes");
    }

    @Test
    void aBroadcastAnswersForEveryNodeThisOneFirst() throws Exception {
        JsonNode r = cluster.mi(2).call("cluster_broadcast_mi", JSON.valueToTree(List.of("1", "clusterer_list_topology")));
        JsonNode nodes = r.get("Nodes");
        assertThat(nodes.size()).isEqualTo(3);
        assertThat(nodes.get(0).get("node_id").asInt()).isEqualTo(2);
        assertThat(nodes.get(1).get("node_id").asInt()).isEqualTo(1);
        assertThat(nodes.get(2).get("node_id").asInt()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            int id = nodes.get(i).get("node_id").asInt();
            assertThat(nodes.get(i).at("/result/Clusters/0/Nodes/0/node_id").asInt()).as("each node lists itself first")
                    .isEqualTo(id);
        }

        JsonNode errors = cluster.mi(2).call("cluster_broadcast_mi",
                JSON.valueToTree(List.of("1", "clusterer_set_status", List.of("5", "1"))));
        for (JsonNode n : errors.get("Nodes")) {
            assertThat(n.at("/error/code").asInt()).isEqualTo(404);
            assertThat(n.at("/error/message").asText()).isEqualTo("Cluster id not found");
        }
    }
}
