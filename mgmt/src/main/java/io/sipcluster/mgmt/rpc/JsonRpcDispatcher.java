package io.sipcluster.mgmt.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a JSON-RPC 2.0 request body (one request or a batch) into the response body, running the commands through
 * the registry. Every failure becomes an error object; nothing the caller sends makes it throw or wait past the
 * deadline.
 *
 * <p>Requests of a batch are started in order (so commands that go to the engine loop run in that order) and then
 * awaited together, under one deadline for the whole body. A command still running at the deadline is answered
 * with a server error and left to finish on its own.
 */
public final class JsonRpcDispatcher {
    private static final Logger log = LoggerFactory.getLogger(JsonRpcDispatcher.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Deep nesting is the cheap way to exhaust a parser's stack; MI requests are a few levels deep. */
    private static final int MAX_NESTING = 32;
    /** The method reported to the observer for names that match no command. */
    public static final String UNKNOWN = "unknown";
    /** The method reported to the observer for bodies that are not JSON-RPC requests. */
    public static final String INVALID = "invalid";

    private final CommandRegistry registry;
    private final Duration timeout;
    private final int maxBatch;
    private final RpcObserver observer;
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * @param timeout how long a request body may take in all, batch included
     * @param maxBatch the most requests one batch may hold
     */
    public JsonRpcDispatcher(CommandRegistry registry, Duration timeout, int maxBatch, RpcObserver observer) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch limit must be >= 1");
        }
        this.registry = registry;
        this.timeout = timeout;
        this.maxBatch = maxBatch;
        this.observer = observer;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The response body, or empty when there is nothing to answer (only notifications). */
    public Optional<byte[]> handle(byte[] body) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode request;
        try {
            request = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.of(parseError(parseProblem(e)));
        } catch (IOException e) {
            return Optional.of(parseError(e.getMessage()));
        }
        if (request == null || request.isMissingNode()) {
            return Optional.of(parseError("empty body"));
        }
        if (!request.isArray()) {
            ObjectNode answer = start(request).await(deadline);
            return answer == null ? Optional.empty() : Optional.of(write(answer));
        }
        if (request.isEmpty()) {
            return Optional.of(write(answered(NullNode.instance, invalidRequest("empty batch")).await(deadline)));
        }
        if (request.size() > maxBatch) {
            return Optional.of(write(answered(NullNode.instance,
                    invalidRequest("batch of " + request.size() + " requests; at most " + maxBatch)).await(deadline)));
        }
        List<Pending> started = new ArrayList<>(request.size());
        for (JsonNode element : request) {
            started.add(start(element));
        }
        ArrayNode answers = JSON.arrayNode();
        for (Pending p : started) {
            ObjectNode a = p.await(deadline);
            if (a != null) {
                answers.add(a);
            }
        }
        return answers.isEmpty() ? Optional.empty() : Optional.of(write(answers));
    }

    /** A request started (or already answered, when it was invalid). */
    private final class Pending {
        final JsonNode id;
        final boolean notification;
        final String method;
        final CompletableFuture<JsonNode> result;
        final long startNanos = System.nanoTime();

        Pending(JsonNode id, boolean notification, String method, CompletableFuture<JsonNode> result) {
            this.id = id;
            this.notification = notification;
            this.method = method;
            this.result = result;
        }

        /** The response object, or null for a notification. */
        ObjectNode await(long deadline) {
            ObjectNode answer;
            int code = 0;
            try {
                JsonNode value = result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                answer = JSON.objectNode();
                answer.put("jsonrpc", "2.0");
                answer.set("result", value == null ? NullNode.instance : value);
                answer.set("id", id);
            } catch (TimeoutException e) {
                code = MiException.SERVER_ERROR;
                answer = error(id, code, "Server error", "command did not finish within " + timeout.toMillis()
                        + " ms; it may still complete");
            } catch (ExecutionException | CompletionException | CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                MiException mi = cause instanceof MiException m ? m : internal(method, cause);
                code = mi.code();
                answer = error(id, code, mi.getMessage(), mi.detail());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = MiException.SERVER_ERROR;
                answer = error(id, code, "Server error", "interrupted while the node was stopping");
            }
            observer.completed(method, code, System.nanoTime() - startNanos);
            return notification ? null : answer;
        }
    }

    private Pending start(JsonNode request) {
        if (!request.isObject()) {
            return answered(NullNode.instance, invalidRequest("a request must be a JSON object"));
        }
        JsonNode id = request.get("id");
        boolean notification = id == null;
        if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
            return answered(NullNode.instance, invalidRequest("'id' must be a string, a number or null"));
        }
        JsonNode replyId = id == null ? NullNode.instance : id;
        JsonNode version = request.get("jsonrpc");
        if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
            return answered(replyId, invalidRequest("'jsonrpc' must be \"2.0\""));
        }
        JsonNode method = request.get("method");
        if (method == null || !method.isTextual()) {
            return answered(replyId, invalidRequest("'method' must be a string"));
        }
        JsonNode params = request.get("params");
        if (params != null && !params.isArray() && !params.isObject()) {
            return answered(replyId, invalidRequest("'params' must be an array or an object"));
        }
        CommandRegistry.Resolution r = registry.resolve(method.textValue());
        if (r instanceof CommandRegistry.Resolution.Found f) {
            MiCommand command = f.command();
            return new Pending(replyId, notification, command.fullName(), registry.execute(command, params));
        }
        // Unknown and ambiguous names fail the same way through the registry, with its error text.
        return new Pending(replyId, notification, UNKNOWN, registry.execute(method.textValue(), params));
    }

    private Pending answered(JsonNode id, MiException e) {
        // Invalid requests are answered even when they carry no id: the caller cannot be a notification sender
        // if we could not tell what it sent (specification, section 5).
        return new Pending(id, false, INVALID, CompletableFuture.failedFuture(e));
    }

    private static MiException invalidRequest(String detail) {
        return new MiException(MiException.INVALID_REQUEST, "Invalid Request", detail);
    }

    private byte[] parseError(String detail) {
        observer.completed(INVALID, MiException.PARSE_ERROR, 0);
        return write(error(NullNode.instance, MiException.PARSE_ERROR, "Parse error", detail));
    }

    private static MiException internal(String method, Throwable bug) {
        log.warn("MI command {} failed", method, bug);
        return MiException.internal(bug.getClass().getSimpleName()
                + (bug.getMessage() == null ? "" : ": " + bug.getMessage()));
    }

    static ObjectNode error(JsonNode id, int code, String message, String detail) {
        ObjectNode err = JSON.objectNode();
        err.put("code", code);
        err.put("message", message);
        if (detail != null) {
            err.put("data", detail);
        }
        ObjectNode answer = JSON.objectNode();
        answer.put("jsonrpc", "2.0");
        answer.set("error", err);
        answer.set("id", id);
        return answer;
    }

    /** Jackson's message without the echo of the input, plus where the problem is. */
    private static String parseProblem(JsonProcessingException e) {
        var at = e.getLocation();
        return e.getOriginalMessage() + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
    }

    private byte[] write(JsonNode answer) {
        try {
            return mapper.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }
}
