package io.sipcluster.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.mgmt.Management;
import io.sipcluster.mgmt.http.ManagementSettings;
import io.sipcluster.runtime.EngineLoop;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sipcluster mi} against a live node's management endpoint. */
class MiCliCommandTest {
    private static final String TOKEN = "cli-test-token-0123";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private EngineLoop loop;
    private Management mgmt;
    private String node;

    @BeforeEach
    void start() throws Exception {
        ClusterEngine engine = new ClusterEngine(1, List.of(new ClusterSetup(1, NodeDescriptor.of(1, "bin:a"),
                List.of(NodeDescriptor.of(2, "bin:b")), false)), Timings.FAST, () -> 0);
        loop = new EngineLoop(engine);
        loop.start();
        mgmt = Management.builder(loop).http(ManagementSettings.loopback(TOKEN).withPort(0)).start();
        node = "127.0.0.1:" + mgmt.address().getPort();
    }

    @AfterEach
    void stop() {
        mgmt.close();
        loop.close();
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void printsResultsAsKeyValueLines() {
        assertThat(run("mi", "clusterer_list", "--node", node, "--token", TOKEN)).isEqualTo(0);
        assertThat(out.toString()).startsWith(String.join(System.lineSeparator(),
                "Clusters:",
                "  - cluster_id: 1",
                "    Nodes:",
                "      - node_id: 2",
                "        db_id: 2",
                "        url: bin:b"));
    }

    @Test
    void printsJsonWhenAsked() {
        assertThat(run("mi", "clusterer:set_status", "1", "0", "--json", "--node", node, "--token", TOKEN))
                .isEqualTo(0);
        assertThat(out.toString().trim()).isEqualTo("\"OK\"");
        assertThat(run("mi", "clusterer_list_shtags", "--json", "--node", node, "--token", TOKEN)).isEqualTo(0);
    }

    @Test
    void namedParametersAsJson() {
        assertThat(run("mi", "clusterer_set_status", "--params-json", "{\"cluster_id\":1,\"node_id\":2,\"status\":0}",
                "--node", node, "--token", TOKEN)).isEqualTo(0);
        assertThat(out.toString().trim()).isEqualTo("OK");
    }

    @Test
    void errorsAndRefusalsHaveTheirExitCodes() {
        assertThat(run("mi", "clusterer_set_status", "9", "1", "--node", node, "--token", TOKEN)).isEqualTo(1);
        assertThat(err.toString()).contains("error 404 Cluster id not found");
        assertThat(run("mi", "clusterer_list", "--node", node, "--token", "wrong")).isEqualTo(2);
        assertThat(err.toString()).contains("refused the token");
        assertThat(run("mi", "clusterer_list", "--node", "127.0.0.1:1", "--token", TOKEN, "--timeout", "2"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("cannot connect to http://127.0.0.1:1/mi");
    }
}
