package io.sipcluster.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.sipcluster.mgmt.client.MiClient;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** `sipcluster node` processes for the process tests: start one, talk to its management, find tools. */
public final class NodeProcesses {
    private NodeProcesses() {}

    /** Starts {@code sipcluster node --config config} in a JVM of its own (256 MB), output appended to {@code log}. */
    public static Process start(Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.sipcluster.app.Main", "node", "--config", config.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    /** A client of the management endpoint on {@code 127.0.0.1:port}, without a token. */
    public static MiClient mi(int port) {
        return new MiClient(URI.create("http://127.0.0.1:" + port + "/mi"), null, Duration.ofSeconds(10));
    }

    /** The state of the link to node {@code to} as {@code clusterer_list} shows it on the first cluster. */
    public static String linkState(MiClient mi, int to) throws Exception {
        for (JsonNode n : mi.call("clusterer_list").path("Clusters").get(0).path("Nodes")) {
            if (n.path("node_id").asInt() == to) {
                return n.path("link_state").asText();
            }
        }
        return "";
    }

    /** An executable on the PATH, or null. */
    public static File onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f;
            }
        }
        return null;
    }
}
