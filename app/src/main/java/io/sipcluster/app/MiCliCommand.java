package io.sipcluster.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sipcluster.mgmt.client.MiCallException;
import io.sipcluster.mgmt.client.MiClient;
import io.sipcluster.mgmt.client.MiResultFormatter;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sipcluster mi <command> [params...]}: runs an MI command on a node (sipcluster, or OpenSIPS's mi_http) and
 * prints the result. Exit codes: 0 done, 1 the node answered with an error, 2 bad usage or no answer.
 */
@Command(name = "mi", mixinStandardHelpOptions = true,
        description = {"Run an MI command on a node, e.g. `sipcluster mi clusterer_list` or "
                + "`sipcluster mi clusterer_set_status 1 2 0`.",
                "The token comes from --token or the SIPCLUSTER_TOKEN environment variable."})
final class MiCliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "MI command, e.g. clusterer_list or clusterer:list")
    String command;

    @Parameters(index = "1..*", paramLabel = "PARAM", description = "positional parameters, as strings")
    List<String> params = new ArrayList<>();

    @Option(names = "--node", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8888",
            description = "the node's management endpoint (default: ${DEFAULT-VALUE}); a full http:// URL works too")
    String node;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:SIPCLUSTER_TOKEN}",
            description = "bearer token (default: $SIPCLUSTER_TOKEN)")
    String token;

    @Option(names = "--params-json", paramLabel = "JSON",
            description = "parameters as JSON instead: an object for named ones, e.g. '{\"cluster_id\":1,\"status\":0}'")
    String paramsJson;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "how long to wait for the answer (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (paramsJson != null && !params.isEmpty()) {
            err.println("give parameters either positionally or with --params-json, not both");
            return 2;
        }
        MiClient client = new MiClient(MiClient.endpoint(node), token == null || token.isBlank() ? null : token,
                Duration.ofSeconds(timeoutSeconds));
        try {
            JsonNode result = paramsJson != null
                    ? client.call(command, new ObjectMapper().readTree(paramsJson))
                    : client.call(command, params);
            out.println(json ? MiResultFormatter.json(result) : MiResultFormatter.text(result));
            return 0;
        } catch (MiCallException e) {
            err.println("error " + e.getMessage());
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }
}
