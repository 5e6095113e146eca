package io.sipcluster.mgmt.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import org.junit.jupiter.api.Test;

class MiResultFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nestedResultsReadAsIndentedKeyValueLines() throws Exception {
        String list = "{\"Clusters\":[{\"cluster_id\":1,\"Nodes\":[{\"node_id\":2,\"link_state\":\"Up\"},"
                + "{\"node_id\":3,\"link_state\":\"Down\"}]},{\"cluster_id\":2,\"Nodes\":[]}]}";
        assertThat(MiResultFormatter.text(JSON.readTree(list))).isEqualTo(String.join("\n",
                "Clusters:",
                "  - cluster_id: 1",
                "    Nodes:",
                "      - node_id: 2",
                "        link_state: Up",
                "      - node_id: 3",
                "        link_state: Down",
                "  - cluster_id: 2",
                "    Nodes: []"));
    }

    @Test
    void scalarsAndArraysOfScalars() throws Exception {
        assertThat(MiResultFormatter.text(JSON.readTree("\"OK\""))).isEqualTo("OK");
        assertThat(MiResultFormatter.text(JSON.readTree("[[\"cluster_id\",\"status\"],[]]")))
                .isEqualTo("-\n  - cluster_id\n  - status\n- []");
        assertThat(MiResultFormatter.text(JSON.readTree("{\"a\":null,\"b\":{}}"))).isEqualTo("a: null\nb: {}");
        assertThat(MiResultFormatter.json(JSON.readTree("{\"a\":1}"))).isEqualTo("{\n  \"a\" : 1\n}");
    }

    @Test
    void endpointsAcceptHostPortOrAUrl() {
        assertThat(MiClient.endpoint("10.0.0.1:9000")).isEqualTo(URI.create("http://10.0.0.1:9000/mi"));
        assertThat(MiClient.endpoint("node-a")).isEqualTo(URI.create("http://node-a:8888/mi"));
        assertThat(MiClient.endpoint("https://node-a:443")).isEqualTo(URI.create("https://node-a:443/mi"));
        assertThat(MiClient.endpoint("http://node-a:8888/json")).isEqualTo(URI.create("http://node-a:8888/json"));
    }
}
