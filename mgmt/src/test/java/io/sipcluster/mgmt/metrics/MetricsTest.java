package io.sipcluster.mgmt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.mgmt.Eventually;
import io.sipcluster.mgmt.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on a real three-node cluster. */
class MetricsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private String scrape(TestCluster cluster, int node) {
        try {
            URI uri = URI.create("http://127.0.0.1:" + cluster.management(node).address().getPort() + "/metrics");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + TestCluster.TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theClusterAndTheEndpointAreMeasured() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, false).awaitFormed().awaitAllLinksUp()) {
            cluster.mi(1).call("clusterer_list");
            assertThat(cluster.mi(1).exchange("clusterer_set_status", new com.fasterxml.jackson.databind.ObjectMapper()
                    .valueToTree(List.of("1", "9", "0"))).at("/error/code").asInt()).isEqualTo(404);
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + cluster.management(1).address().getPort() + "/mi")).POST(HttpRequest.BodyPublishers.ofString(
                    "{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);

            // A ping for a cluster this node is not in: ignored, and counted by reason.
            cluster.loop(1).received(new io.sipcluster.wire.clusterer.InternalMessage.Ping(9, 5, 1), 0);
            cluster.loop(1).drain();

            String text = scrape(cluster, 1);
            assertThat(text).contains(
                    "sipcluster_node_link_state{cluster=\"1\",node=\"2\",state=\"up\"} 1.0",
                    "sipcluster_node_link_state{cluster=\"1\",node=\"2\",state=\"down\"} 0.0",
                    "sipcluster_node_reachable{cluster=\"1\",node=\"3\"} 1.0",
                    "sipcluster_cluster_reachable_nodes{cluster=\"1\"} 2.0",
                    "sipcluster_cluster_links_up{cluster=\"1\"} 2.0",
                    "sipcluster_cluster_events_total{cluster=\"1\",kind=\"node_up\"} 2.0",
                    "sipcluster_mi_requests_total{method=\"clusterer:list\",outcome=\"ok\"} 1.0",
                    "sipcluster_mi_requests_total{method=\"clusterer:set_status\",outcome=\"error\"} 1.0",
                    "sipcluster_mi_errors_total{code=\"404\"} 1.0",
                    "sipcluster_http_rejected_total{reason=\"unauthorized\"} 1.0",
                    "sipcluster_event_subscribers 0.0",
                    "sipcluster_ignored_inputs_total{reason=\"unknown_cluster\"} 1.0",
                    "sipcluster_ignored_inputs_total{reason=\"stale_sequence\"} ",
                    "sipcluster_commands_pending 0.0",
                    "sipcluster_loop_latency_seconds ");

            cluster.stop(3);
            Eventually.await("node 1 reports node 3 unreachable", Duration.ofSeconds(10), () ->
                    scrape(cluster, 1).contains("sipcluster_node_reachable{cluster=\"1\",node=\"3\"} 0.0"));
            assertThat(text).doesNotContain("cluster=\"9\"");
            assertThat(scrape(cluster, 1)).contains(
                    "sipcluster_cluster_reachable_nodes{cluster=\"1\"} 1.0",
                    "sipcluster_node_link_state{cluster=\"1\",node=\"3\",state=\"up\"} 0.0",
                    "sipcluster_cluster_events_total{cluster=\"1\",kind=\"node_down\"} 1.0");
        }
    }
}
