package io.sipcluster.mgmt.clusterer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sipcluster.mgmt.Eventually;
import io.sipcluster.mgmt.TestCluster;
import io.sipcluster.mgmt.client.MiCallException;
import io.sipcluster.mgmt.client.MiClient;
import io.sipcluster.mgmt.command.MiException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The clusterer MI commands over HTTP against three real engines (one cluster, provisioned: SQL mode). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClustererCommandsTest {
    private final AtomicInteger reloads = new AtomicInteger();
    private final List<String> persisted = new CopyOnWriteArrayList<>();
    private TestCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.start(3, false, (id, b) -> {
            if (id == 1) {
                b.reload(reloads::incrementAndGet);
            } else if (id == 2) {
                b.reload(() -> {
                    throw new java.io.IOException("table clusterer: connection refused");
                });
                b.provisionedNodes(new ProvisionedNodes() {
                    @Override
                    public Optional<NodeRecord> record(int clusterId, int nodeId) {
                        return Optional.empty();
                    }

                    @Override
                    public void persistState(int clusterId, int nodeId, boolean enabled) throws Exception {
                        throw new java.sql.SQLException("database is locked");
                    }
                });
            } else {
                b.provisionedNodes(new ProvisionedNodes() {
                    @Override
                    public Optional<NodeRecord> record(int clusterId, int nodeId) {
                        return nodeId == 1 ? Optional.of(new NodeRecord(17, "rack A")) : Optional.empty();
                    }

                    @Override
                    public void persistState(int clusterId, int nodeId, boolean enabled) {
                        persisted.add(clusterId + "/" + nodeId + "=" + enabled);
                    }
                });
            }
        }).awaitFormed();
    }

    @BeforeEach
    void meshIsWhole() {
        cluster.awaitAllLinksUp(); // a test that disabled a node leaves the links probing for a moment
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private static MiCallException error(ThrowingCall call) {
        try {
            call.run();
        } catch (MiCallException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an MI error, got " + e, e);
        }
        throw new AssertionError("expected an MI error");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void listShowsTheOtherNodesInOpenSipsShape() throws Exception {
        JsonNode r = cluster.mi(1).call("clusterer_list");
        assertThat(r.toString()).isEqualTo("{\"Clusters\":[{\"cluster_id\":1,\"Nodes\":["
                + "{\"node_id\":2,\"db_id\":2,\"url\":\"bin:node2\",\"link_state\":\"Up\",\"state\":\"enabled\","
                + "\"next_hop\":\"2\",\"description\":\"none\",\"sip_addr\":\"none\",\"priority\":50,"
                + "\"no_ping_retries\":3,\"flags\":\"none\"},"
                + "{\"node_id\":3,\"db_id\":3,\"url\":\"bin:node3\",\"link_state\":\"Up\",\"state\":\"enabled\","
                + "\"next_hop\":\"3\",\"description\":\"none\",\"sip_addr\":\"none\",\"priority\":50,"
                + "\"no_ping_retries\":3,\"flags\":\"none\"}]}]}");
        assertThat(cluster.mi(2).call("clusterer:list")).as("both spellings").isNotNull();
    }

    @Test
    void tableRowsGiveDbIdAndDescription() throws Exception {
        JsonNode nodes = cluster.mi(3).call("clusterer_list").at("/Clusters/0/Nodes");
        assertThat(nodes.get(0).get("db_id").asInt()).isEqualTo(17);
        assertThat(nodes.get(0).get("description").asText()).isEqualTo("rack A");
        assertThat(nodes.get(1).get("db_id").asInt()).isEqualTo(2);
        assertThat(nodes.get(1).get("description").asText()).isEqualTo("none");
    }

    @Test
    void aStateThatCannotBeSavedIsReported() throws Exception {
        MiCallException e = error(() -> cluster.mi(2).call("clusterer_set_status", List.of("1", "3", "0")));
        assertThat(e.getMessage()).isEqualTo("500 State changed but not saved: node 3 is disabled until the next "
                + "restart or reload: database is locked");
        assertThat(cluster.mi(2).call("clusterer_list").at("/Clusters/0/Nodes/1/state").asText())
                .isEqualTo("disabled");
        error(() -> cluster.mi(2).call("clusterer_set_status", List.of("1", "3", "1")));
    }

    @Test
    void topologyListsTheLocalNodeFirst() throws Exception {
        JsonNode r = cluster.mi(2).call("clusterer_list_topology");
        assertThat(r.toString()).isEqualTo("{\"Clusters\":[{\"cluster_id\":1,\"Nodes\":["
                + "{\"node_id\":2,\"Neighbours\":[1,3]},"
                + "{\"node_id\":1,\"Neighbours\":[3,2]},"
                + "{\"node_id\":3,\"Neighbours\":[1,2]}]}]}");
    }

    @Test
    void setStatusAnswersOpenSipsErrors() throws Exception {
        MiClient mi = cluster.mi(3);
        assertThat(error(() -> mi.call("clusterer_set_status", List.of("0", "1"))))
                .extracting(MiCallException::code, MiCallException::getMessage)
                .containsExactly(400, "400 Bad value for 'cluster_id'");
        assertThat(error(() -> mi.call("clusterer_set_status", List.of("9", "1"))).getMessage())
                .isEqualTo("404 Cluster id not found");
        assertThat(error(() -> mi.call("clusterer_set_status", List.of("1", "7", "0"))).getMessage())
                .isEqualTo("404 Node id not found");
        assertThat(error(() -> mi.call("clusterer_set_status", List.of("1", "2", "5"))).getMessage())
                .isEqualTo("400 Bad value for 'status'");
        assertThat(error(() -> mi.call("clusterer_set_status", List.of("one", "1"))).code())
                .isEqualTo(MiException.INVALID_PARAMS);
        assertThat(error(() -> mi.call("clusterer_set_status", List.of("1"))).getMessage())
                .startsWith("-32602 Invalid params: Too few or too many parameters");
    }

    @Test
    void disablingARemoteNodeShowsInTheListAndEnablingBringsItBack() throws Exception {
        MiClient mi = cluster.mi(3);
        assertThat(mi.call("clusterer_set_status", List.of("1", "1", "0")).asText()).isEqualTo("OK");
        JsonNode node1 = mi.call("clusterer_list").at("/Clusters/0/Nodes/0");
        assertThat(node1.get("state").asText()).isEqualTo("disabled");
        assertThat(node1.get("next_hop").asText()).isEqualTo("none");

        assertThat(mi.call("clusterer_set_status", List.of("1", "1", "1")).asText()).isEqualTo("OK");
        Eventually.await("node 3 reaches node 1 again", Duration.ofSeconds(10),
                () -> cluster.reachableFrom(3).contains(1));
        assertThat(mi.call("clusterer_list").at("/Clusters/0/Nodes/0/state").asText()).isEqualTo("enabled");
        assertThat(persisted).containsExactly("1/1=false", "1/1=true");
    }

    @Test
    void aSharingTagActivatedOnOneNodeIsBackupOnTheOthers() throws Exception {
        assertThat(cluster.mi(1).call("clusterer_shtag_set_active", List.of("vip/1")).asText()).isEqualTo("OK");
        assertThat(cluster.mi(1).call("clusterer_list_shtags").toString())
                .isEqualTo("[{\"Tag\":\"vip\",\"Cluster\":1,\"State\":\"active\"}]");
        Eventually.await("node 2 hears of the tag", Duration.ofSeconds(10), () -> {
            try {
                return cluster.mi(2).call("clusterer:list_shtags").toString()
                        .equals("[{\"Tag\":\"vip\",\"Cluster\":1,\"State\":\"backup\"}]");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        MiClient mi = cluster.mi(1);
        assertThat(error(() -> mi.call("clusterer_shtag_set_active", List.of("vip"))).getMessage())
                .isEqualTo("400 Bad tag format <name/cluster_id>");
        assertThat(error(() -> mi.call("clusterer_shtag_set_active", List.of("vip/x"))).getMessage())
                .isEqualTo("400 Bad cluster ID in tag");
        assertThat(error(() -> mi.call("clusterer_shtag_set_active", List.of("vip/4"))).getMessage())
                .isEqualTo("404 Cluster ID not found");
    }

    @Test
    void provisionedNodesCannotBeRemoved() {
        MiClient mi = cluster.mi(1);
        MiCallException e = error(() -> mi.call("clusterer_remove_node", List.of("1", "2")));
        assertThat(e.getMessage()).startsWith("400 Running in DB mode");
        assertThat(error(() -> mi.call("clusterer_remove_node", List.of("1", "9"))).getMessage())
                .isEqualTo("400 Unknown node id");
        assertThat(error(() -> mi.call("clusterer_remove_node", List.of("5", "2"))).getMessage())
                .isEqualTo("400 Unknown cluster id");
    }

    @Test
    void reloadGoesThroughTheLaunchersCallback() throws Exception {
        assertThat(cluster.mi(1).call("clusterer_reload").asText()).isEqualTo("OK");
        assertThat(reloads).hasValue(1);
        MiCallException failed = error(() -> cluster.mi(2).call("clusterer:reload"));
        assertThat(failed.code()).isEqualTo(500);
        assertThat(failed.getMessage()).isEqualTo("500 Failed to reload: table clusterer: connection refused");
        assertThat(error(() -> cluster.mi(3).call("clusterer_reload")).getMessage())
                .startsWith("400 Non-DB mode");
    }

    @Test
    void whichAndHelpDescribeTheCommands() throws Exception {
        JsonNode all = cluster.mi(1).call("which");
        assertThat(all.toString()).contains("\"clusterer:list\"", "\"clusterer:set_status\"", "\"evi:subscribe\"");
        assertThat(cluster.mi(1).call("which", List.of("clusterer_set_status")).toString())
                .isEqualTo("[[\"cluster_id\",\"status\"],[\"cluster_id\",\"node_id\",\"status\"]]");
        assertThat(cluster.mi(1).call("help", List.of("clusterer_list")).get("Exported by").asText())
                .isEqualTo("clusterer");
        assertThatThrownBy(() -> cluster.mi(1).call("list")).isInstanceOf(MiCallException.class)
                .hasMessageContaining("Method ambiguous").hasMessageContaining("clusterer:list");
    }
}
