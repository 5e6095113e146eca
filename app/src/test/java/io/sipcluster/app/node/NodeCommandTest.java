package io.sipcluster.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sipcluster node}: a broken node file is reported whole, and nothing starts. */
class NodeCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void everyProblemOfABrokenFileIsListedAndTheExitCodeIsTwo() throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                node_id: -1
                listen: [udp:1.2.3.4]
                clusters:
                  - id: 1
                    url: bin:127.0.0.1:99999
                    neighbours: [{id: 2, url: nowhere}]
                management: {auth: none}
                colour: blue
                """);
        assertThat(run("node", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("problem(s), nothing started")
                .contains("node_id").contains("listen[0]").contains("neighbours[0].url").contains("colour");
    }

    @Test
    void aGoodFileChecksWithoutStarting() throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                node_id: 1
                listen: [bin:127.0.0.1:5555]
                clusters:
                  - id: 1
                    url: bin:127.0.0.1:5555
                    neighbours: [{id: 2, url: bin:127.0.0.1:5556}]
                management: {auth: none}
                """);
        assertThat(run("node", "--check", "--config", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("OK");
    }

    @Test
    void aManagementPortInUseIsReportedAndTheNodeDoesNotStayUp() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int binPort = free.getLocalPort();
            free.close();
            Path file = dir.resolve("node.yaml");
            Files.writeString(file, """
                    node_id: 1
                    listen: [bin:127.0.0.1:%1$d]
                    clusters:
                      - id: 1
                        url: bin:127.0.0.1:%1$d
                        neighbours: [{id: 2, url: bin:127.0.0.1:9}]
                    management: {auth: none, listen: 127.0.0.1:%2$d}
                    """.formatted(binPort, taken.getLocalPort()));
            assertThat(run("node", "--config", file.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("cannot listen");
            // the BIN listener was closed again: the port can be bound
            try (java.net.ServerSocket again = new java.net.ServerSocket(binPort, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(binPort);
            }
        }
    }

    @Test
    void aMissingFileIsReported() {
        assertThat(run("node", "--config", dir.resolve("missing.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.yaml");
    }
}
