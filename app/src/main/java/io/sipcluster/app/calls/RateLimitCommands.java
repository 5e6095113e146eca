package io.sipcluster.app.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.mgmt.command.MiResults;
import io.sipcluster.ratelimit.Pipes;
import java.util.concurrent.CompletionStage;

/** OpenSIPS's {@code rl_list}: every pipe (or one) with its algorithm, limit and counts here and cluster-wide. */
final class RateLimitCommands {
    private final Pipes pipes;

    RateLimitCommands(Pipes pipes) {
        this.pipes = pipes;
    }

    void registerOn(CommandRegistry registry) {
        registry.register(MiCommand.builder("ratelimit", "rl_list").alias("rl_list")
                .help("The rate-limit pipes: algorithm, limit, this node's count and the cluster's")
                .recipe(p -> list(null))
                .recipe(p -> list(p.getString("pipe")), "pipe")
                .build());
    }

    private CompletionStage<JsonNode> list(String only) throws MiException {
        ObjectNode result = MiResults.object();
        ArrayNode out = result.putArray("Pipes");
        for (Pipes.PipeState s : pipes.list(System.currentTimeMillis())) {
            if (only != null && !s.name().equals(only)) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("id", s.name());
            o.put("algorithm", s.algorithm().name());
            o.put("limit", s.limit());
            o.put("counter", s.localCount());
            o.put("cluster_counter", s.clusterCount());
            o.put("admitted", s.admitted());
            o.put("refused", s.refused());
        }
        if (only != null && out.isEmpty()) {
            throw MiException.of(404, "Pipe not found");
        }
        return MiResults.now(result);
    }
}
