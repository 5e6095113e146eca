package io.sipcluster.mgmt.clusterer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.command.CommandSubmission;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.mgmt.command.MiParams;
import io.sipcluster.mgmt.command.MiResults;
import io.sipcluster.runtime.EngineLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code cluster_send_mi} and {@code cluster_broadcast_mi}: run an MI command on other nodes of a cluster.
 *
 * <p>Beyond OpenSIPS, whose nodes only log how a relayed command went, the result comes back: a sipcluster node runs
 * the command through its registry and replies ({@link RemoteCommandRunner}), and the caller gets that node's result
 * or error. OpenSIPS nodes are sent the plain MI_CMD and, as in OpenSIPS, the answer is just {@code "OK"} (sent).
 *
 * <ul>
 *   <li>{@code cluster_send_mi}: the remote result as the JSON-RPC result, or the remote error as the JSON-RPC error
 *       (with {@code data} naming the node).</li>
 *   <li>{@code cluster_broadcast_mi}: runs the command on every enabled node and here, and answers
 *       {@code {"Nodes":[{"node_id":1,"result":...},{"node_id":2,"error":{"code":..,"message":..}}]}}, this node
 *       first (OpenSIPS answers with the local result only).</li>
 * </ul>
 *
 * <p>Results arrive as {@link ClusterEvent.CommandResult}s on the loop; this class must be added as a loop listener.
 * A future is registered in the same loop task that sends the command, so no result can arrive before it.
 */
public final class ClusterMiCommands implements Consumer<ClusterEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EngineLoop loop;
    private final CommandRegistry registry;
    private final Duration timeout;
    /** Futures of commands sent and awaiting their result, by request id (unique per engine). */
    private final Map<Long, CompletableFuture<ClusterEvent.CommandResult>> awaiting = new ConcurrentHashMap<>();

    private ClusterMiCommands(EngineLoop loop, CommandRegistry registry, Duration timeout) {
        this.loop = loop;
        this.registry = registry;
        this.timeout = timeout;
    }

    /**
     * Registers the two commands; add the returned object to the loop's listeners.
     *
     * @param timeout how long to wait for another node's result; keep it below the JSON-RPC deadline so that the
     *     caller reads which node did not answer
     */
    public static ClusterMiCommands register(CommandRegistry registry, EngineLoop loop, Duration timeout) {
        ClusterMiCommands c = new ClusterMiCommands(loop, registry, timeout);
        registry.register(MiCommand.builder("clusterer", "send_mi").alias("cluster_send_mi")
                .help("runs an MI command on one node of a cluster and returns its result")
                .recipe(c::sendMi, "cluster_id", "destination", "cmd_name")
                .recipe(c::sendMi, "cluster_id", "destination", "cmd_name", "cmd_params")
                .build());
        registry.register(MiCommand.builder("clusterer", "broadcast_mi").alias("cluster_broadcast_mi")
                .help("runs an MI command on every node of a cluster (this one included) and returns each result")
                .recipe(c::broadcastMi, "cluster_id", "cmd_name")
                .recipe(c::broadcastMi, "cluster_id", "cmd_name", "cmd_params")
                .build());
        return c;
    }

    /** Completes the caller waiting for this result; runs on the loop. */
    @Override
    public void accept(ClusterEvent event) {
        if (event instanceof ClusterEvent.CommandResult r) {
            CompletableFuture<ClusterEvent.CommandResult> f = awaiting.remove(r.requestId());
            if (f != null) {
                f.complete(r);
            }
        }
    }

    /** Commands sent and not answered yet (for tests and metrics). */
    public int awaitingResults() {
        return awaiting.size();
    }

    /** Commands that would send commands again: refused as the command to relay (a broadcast would loop). */
    static boolean relays(CommandRegistry registry, String name) {
        return registry.resolve(name) instanceof CommandRegistry.Resolution.Found f
                && f.command().module().equals("clusterer")
                && (f.command().name().equals("send_mi") || f.command().name().equals("broadcast_mi"));
    }

    private String relayable(String command) throws MiException {
        if (relays(registry, command)) {
            throw new MiException(400, "Bad value for 'cmd_name'", command + " cannot itself be sent to other nodes");
        }
        return command;
    }

    private CompletionStage<JsonNode> sendMi(MiParams p) throws MiException {
        int clusterId = OnLoop.positive(p.getInt("cluster_id"), "cluster_id");
        int destination = OnLoop.positive(p.getInt("destination"), "destination");
        String command = relayable(p.getString("cmd_name"));
        List<String> params = p.has("cmd_params") ? p.getStringArray("cmd_params") : List.of();
        CompletableFuture<CompletableFuture<JsonNode>> sent = OnLoop.call(loop, (e, now, fx) -> {
            OnLoop.requireCluster(e, clusterId, 404, "Cluster id not found");
            if (destination == e.nodeId()) {
                throw MiException.of(400, "Local node specified as destination");
            }
            CommandSubmission s = e.sendCommand(clusterId, destination, command, params, timeout.toMillis(), now, fx);
            return outcome(clusterId, s);
        });
        return sent.thenCompose(f -> f);
    }

    private CompletionStage<JsonNode> broadcastMi(MiParams p) throws MiException {
        int clusterId = OnLoop.positive(p.getInt("cluster_id"), "cluster_id");
        String command = relayable(p.getString("cmd_name"));
        List<String> params = p.has("cmd_params") ? p.getStringArray("cmd_params") : List.of();
        record Sent(int self, List<Integer> nodes, List<CompletableFuture<JsonNode>> results) {}
        CompletableFuture<Sent> sent = OnLoop.call(loop, (e, now, fx) -> {
            OnLoop.requireCluster(e, clusterId, 404, "Cluster id not found");
            List<Integer> nodes = new ArrayList<>();
            List<CompletableFuture<JsonNode>> results = new ArrayList<>();
            for (CommandSubmission s : e.broadcastCommand(clusterId, command, params, timeout.toMillis(), now, fx)) {
                nodes.add(s.nodeId());
                results.add(outcome(clusterId, s));
            }
            return new Sent(e.nodeId(), nodes, results);
        });
        // As OpenSIPS does, the local copy runs after the others were sent.
        return sent.thenCompose(s -> {
            CompletableFuture<JsonNode> local = registry.execute(command, positional(params));
            List<CompletableFuture<ObjectNode>> entries = new ArrayList<>();
            entries.add(entry(s.self(), local));
            for (int i = 0; i < s.nodes().size(); i++) {
                entries.add(entry(s.nodes().get(i), s.results().get(i)));
            }
            return CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new)).thenApply(done -> {
                ObjectNode out = MiResults.object();
                ArrayNode nodes = out.putArray("Nodes");
                entries.forEach(f -> nodes.add(f.join()));
                return (JsonNode) out;
            });
        });
    }

    /**
     * What the caller gets for one node: the future of its result, failed with the MI error it answered or the
     * reason it was not sent. Runs on the loop, right after the submission.
     */
    private CompletableFuture<JsonNode> outcome(int clusterId, CommandSubmission s) {
        switch (s.status()) {
            case AWAITING_RESULT: {
                CompletableFuture<ClusterEvent.CommandResult> result = new CompletableFuture<>();
                awaiting.put(s.requestId(), result);
                // Parsing the remote JSON happens off the loop thread.
                return result.thenApplyAsync(this::resultOf);
            }
            case SENT_WITHOUT_RESULT:
                return CompletableFuture.completedFuture(MiResults.OK);
            case LOCAL_NODE_DISABLED:
                // OpenSIPS answers this one with a plain string, not an error.
                return CompletableFuture.completedFuture(TextNode.valueOf("Local node disabled"));
            case DESTINATION_DOWN:
                return failed(new MiException(400, "Destination down", "node " + s.nodeId()
                        + " is disabled or cannot be reached now"));
            case UNKNOWN_DESTINATION:
                return failed(new MiException(400, "Send error", "node " + s.nodeId() + " is not in cluster "
                        + clusterId));
            case TOO_MANY_PENDING:
                return failed(new MiException(MiException.SERVER_ERROR, "Server error",
                        "too many commands are awaiting results; try again"));
            case TOO_LARGE:
                return failed(new MiException(400, "Send error",
                        "the command and its parameters do not fit one BIN packet"));
            default:
                throw new IllegalStateException("unhandled submission status " + s.status());
        }
    }

    private JsonNode resultOf(ClusterEvent.CommandResult r) {
        String from = "from node " + r.nodeId();
        switch (r.outcome()) {
            case OK:
                try {
                    JsonNode value = JSON.readTree(r.body().toByteArray());
                    return value == null ? TextNode.valueOf("") : value;
                } catch (IOException e) {
                    return TextNode.valueOf(r.body().toString()); // not JSON: pass the text on as it came
                }
            case ERROR:
                throw new CompletionException(new MiException(r.status(), r.body().toString(), from));
            case TIMEOUT:
                throw new CompletionException(new MiException(MiException.SERVER_ERROR, "Server error",
                        "node " + r.nodeId() + " did not answer within " + timeout.toMillis() + " ms"));
            case UNREACHABLE:
                throw new CompletionException(new MiException(400, "Destination down",
                        "node " + r.nodeId() + " became unreachable before it answered"));
            case NO_RESULT_FROM_OPENSIPS:
                return MiResults.OK;
            default:
                throw new IllegalStateException("unhandled outcome " + r.outcome());
        }
    }

    /** {@code {"node_id":2,"result":...}} or {@code {"node_id":2,"error":{"code":..,"message":..,"data":..}}}. */
    private static CompletableFuture<ObjectNode> entry(int nodeId, CompletableFuture<JsonNode> result) {
        return result.handle((value, error) -> {
            ObjectNode e = MiResults.object();
            e.put("node_id", nodeId);
            if (error == null) {
                e.set("result", value);
                return e;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            MiException mi = cause instanceof MiException m ? m : MiException.internal(cause.toString());
            ObjectNode err = e.putObject("error");
            err.put("code", mi.code());
            err.put("message", mi.getMessage());
            if (mi.detail() != null) {
                err.put("data", mi.detail());
            }
            return e;
        });
    }

    private static JsonNode positional(List<String> params) {
        if (params.isEmpty()) {
            return null;
        }
        ArrayNode a = MiResults.array();
        params.forEach(a::add);
        return a;
    }

    private static CompletableFuture<JsonNode> failed(MiException e) {
        return CompletableFuture.failedFuture(e);
    }
}
