package io.sipcluster.mgmt.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sipcluster.mgmt.TestCluster;
import io.sipcluster.mgmt.client.MiCallException;
import io.sipcluster.mgmt.client.MiClient;
import io.sipcluster.wire.Capability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code clusterer_list_cap} and {@code clusterer_set_cap_status} with a capability registered as usrloc would. */
class ClusterCapabilityTest {
    private static String error(MiClient mi, List<String> params) throws Exception {
        try {
            mi.call("clusterer_set_cap_status", params);
        } catch (MiCallException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an error for " + params);
    }

    private static JsonNode usrloc(JsonNode listCap) {
        for (JsonNode c : listCap.at("/Clusters/0/Capabilities")) {
            if (c.get("name").asText().equals("usrloc-contact-repl")) {
                return c;
            }
        }
        throw new AssertionError("usrloc-contact-repl is not listed: " + listCap);
    }

    @Test
    void aCapabilityIsListedAndCanBeDisabled() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, false).awaitFormed()) {
            cluster.loop(1).read((e, now, fx) -> {
                e.registerCapability(1, Capability.USRLOC);
                return null;
            });
            MiClient mi = cluster.mi(1);
            assertThat(usrloc(mi.call("clusterer_list_cap")).toString()).isEqualTo("{\"name\":\"usrloc-contact-repl\","
                    + "\"state\":\"Ok\",\"enabled\":\"yes\",\"sync_state\":\"synced\"}");

            assertThat(mi.call("clusterer:set_cap_status", List.of("1", "usrloc-contact-repl", "0")).asText())
                    .isEqualTo("OK");
            assertThat(usrloc(mi.call("clusterer_list_cap")).toString()).isEqualTo("{\"name\":\"usrloc-contact-repl\","
                    + "\"state\":\"not synced\",\"enabled\":\"no\",\"sync_state\":\"not synced\"}");

            URI metrics = URI.create("http://127.0.0.1:" + cluster.management(1).address().getPort() + "/metrics");
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics)
                    .header("Authorization", "Bearer " + TestCluster.TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(text).contains(
                    "sipcluster_capability_enabled{capability=\"usrloc-contact-repl\",cluster=\"1\"} 0.0",
                    "sipcluster_capability_sync_state{capability=\"usrloc-contact-repl\",cluster=\"1\","
                            + "state=\"not_synced\"} 1.0",
                    "sipcluster_capability_sync_state{capability=\"usrloc-contact-repl\",cluster=\"1\","
                            + "state=\"synced\"} 0.0");

            assertThat(error(mi, List.of("1", "dialog-dlg-repl", "0"))).isEqualTo("404 Capability not found");
            assertThat(error(mi, List.of("3", "usrloc-contact-repl", "0"))).isEqualTo("404 Cluster id not found");
            assertThat(error(mi, List.of("1", "usrloc-contact-repl", "2"))).isEqualTo("400 Bad value for 'status'");
            assertThat(error(mi, List.of("0", "usrloc-contact-repl", "1"))).isEqualTo("400 Bad value for 'cluster_id'");
        }
    }
}
