package io.sipcluster.mgmt.clusterer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.mgmt.command.MiResults;
import io.sipcluster.runtime.EngineLoop;
import io.sipcluster.wire.Str;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the MI commands other nodes send here ({@link ClusterEvent.CommandReceived}) through the same registry as
 * HTTP callers, and answers with the result ({@code ClusterEngine.replyToCommand}): status 200 and the result as
 * JSON text, or the error's code and message. A plain MI_CMD from an OpenSIPS node (request id -1) is run too, and
 * its outcome only logged, as OpenSIPS does.
 *
 * <p>The command is handed off the loop at once (to the management work pool); the reply goes back through the
 * loop. Commands that send commands again ({@code cluster_send_mi}, {@code cluster_broadcast_mi}) are refused, so
 * that no node can start a relay loop.
 */
public final class RemoteCommandRunner implements Consumer<ClusterEvent> {
    private static final Logger log = LoggerFactory.getLogger(RemoteCommandRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EngineLoop loop;
    private final CommandRegistry registry;
    private final Executor work;
    private final Duration timeout;

    /** @param timeout the longest a command from another node may run here before an error is answered */
    public RemoteCommandRunner(EngineLoop loop, CommandRegistry registry, Executor work, Duration timeout) {
        this.loop = loop;
        this.registry = registry;
        this.work = work;
        this.timeout = timeout;
    }

    /** On the loop: hand the command to the work pool, or answer at once that the node is busy. */
    @Override
    public void accept(ClusterEvent event) {
        if (!(event instanceof ClusterEvent.CommandReceived c)) {
            return;
        }
        try {
            work.execute(() -> run(c));
        } catch (RejectedExecutionException e) {
            answer(c, new MiException(MiException.SERVER_ERROR, "Server error", "node " + loop.nodeId() + " is busy"));
        }
    }

    private void run(ClusterEvent.CommandReceived c) {
        log.debug("cluster {}: node {} runs {} here", c.clusterId(), c.srcNodeId(), c.command());
        CompletableFuture<JsonNode> result;
        if (ClusterMiCommands.relays(registry, c.command())) {
            result = CompletableFuture.failedFuture(new MiException(400, "Command not allowed from another node",
                    c.command() + " would send commands again"));
        } else {
            result = registry.execute(c.command(), positional(c));
        }
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, error) -> {
            if (error == null) {
                answer(c, value);
            } else {
                answer(c, asMiError(error));
            }
        });
    }

    private static JsonNode positional(ClusterEvent.CommandReceived c) {
        if (c.params().isEmpty()) {
            return null;
        }
        ArrayNode a = MiResults.array();
        c.params().forEach(a::add);
        return a;
    }

    private MiException asMiError(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof MiException m) {
            return m;
        }
        if (cause instanceof TimeoutException) {
            return new MiException(MiException.SERVER_ERROR, "Server error", "the command did not finish within "
                    + timeout.toMillis() + " ms on node " + loop.nodeId());
        }
        log.warn("MI command from the cluster failed", cause);
        return MiException.internal(cause.toString());
    }

    private void answer(ClusterEvent.CommandReceived c, JsonNode value) {
        String body;
        try {
            body = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            answer(c, MiException.internal("cannot serialize the result: " + e.getOriginalMessage()));
            return;
        }
        reply(c, 200, body);
    }

    private void answer(ClusterEvent.CommandReceived c, MiException e) {
        reply(c, e.code(), e.detail() == null ? e.getMessage() : e.getMessage() + ": " + e.detail());
    }

    private void reply(ClusterEvent.CommandReceived c, int status, String body) {
        if (c.requestId() < 0) {
            // OpenSIPS's MI_CMD: its sender expects nothing back; say how it went, as OpenSIPS does.
            if (status == 200) {
                log.debug("cluster {}: {} from node {} done", c.clusterId(), c.command(), c.srcNodeId());
            } else {
                log.info("cluster {}: {} from node {} failed: {} {}", c.clusterId(), c.command(), c.srcNodeId(),
                        status, body);
            }
            return;
        }
        loop.call((e, now, fx) -> e.replyToCommand(c.clusterId(), c.srcNodeId(), c.requestId(), status, Str.of(body),
                now, fx));
    }
}
