package io.sipcluster.mgmt.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.mgmt.command.MiResults;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JsonRpcDispatcherTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> calls = new ArrayList<>();
    private final List<String> observed = new ArrayList<>();
    private final CommandRegistry registry = new CommandRegistry();
    private final JsonRpcDispatcher rpc = new JsonRpcDispatcher(registry, Duration.ofMillis(300), 5,
            (method, code, nanos) -> observed.add(method + "=" + code));

    JsonRpcDispatcherTest() {
        registry.register(MiCommand.builder("test", "set").alias("test_set")
                .recipe(p -> {
                    calls.add("set " + p.getInt("cluster_id") + " " + p.getInt("status"));
                    return MiResults.now(MiResults.OK);
                }, "cluster_id", "status")
                .recipe(p -> {
                    calls.add("set " + p.getInt("cluster_id") + " " + p.getInt("node_id") + " " + p.getInt("status"));
                    return MiResults.now(MiResults.OK);
                }, "cluster_id", "node_id", "status")
                .build());
        registry.register(MiCommand.builder("test", "list")
                .recipe(p -> {
                    ObjectNode o = MiResults.object();
                    o.putArray("Items").add(1).add(2);
                    return MiResults.now(o);
                })
                .build());
        registry.register(MiCommand.builder("other", "list").recipe(p -> MiResults.now(MiResults.OK)).build());
        registry.register(MiCommand.builder("test", "pair")
                .recipe(p -> MiResults.now(MiResults.OK), "a", "b")
                .recipe(p -> MiResults.now(MiResults.OK), "c", "d")
                .build());
        registry.register(MiCommand.builder("test", "bug")
                .recipe(p -> {
                    throw new IllegalStateException("a bug in the command");
                })
                .build());
        registry.register(MiCommand.builder("test", "refuse")
                .recipe(p -> {
                    throw MiException.of(404, "Cluster id not found");
                })
                .build());
        registry.register(MiCommand.builder("test", "hang")
                .recipe(p -> new CompletableFuture<>())
                .build());
    }

    private JsonNode call(String body) throws Exception {
        Optional<byte[]> out = rpc.handle(body.getBytes(StandardCharsets.UTF_8));
        assertThat(out).as("an answer to " + body).isPresent();
        return JSON.readTree(out.get());
    }

    private static void assertError(JsonNode answer, int code, String message) {
        assertThat(answer.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(answer.has("result")).isFalse();
        assertThat(answer.at("/error/code").asInt()).isEqualTo(code);
        assertThat(answer.at("/error/message").asText()).isEqualTo(message);
    }

    @Test
    void aRequestGetsItsResultAndItsIdBack() throws Exception {
        JsonNode a = call("{\"jsonrpc\":\"2.0\",\"method\":\"test:list\",\"id\":\"abc\"}");
        assertThat(a.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"Items\":[1,2]},\"id\":\"abc\"}");
        assertThat(observed).containsExactly("test:list=0");
    }

    @Test
    void namedAndPositionalParametersChooseTheRecipe() throws Exception {
        call("{\"jsonrpc\":\"2.0\",\"method\":\"test_set\",\"params\":{\"status\":0,\"cluster_id\":1},\"id\":1}");
        call("{\"jsonrpc\":\"2.0\",\"method\":\"test:set\",\"params\":[1,\"2\",1],\"id\":2}");
        call("{\"jsonrpc\":\"2.0\",\"method\":\"set\",\"params\":{\"cluster_id\":\"3\",\"node_id\":4,\"status\":1},"
                + "\"id\":3}");
        assertThat(calls).containsExactly("set 1 0", "set 1 2 1", "set 3 4 1");
    }

    @Test
    void notificationsRunButAreNotAnswered() {
        Optional<byte[]> out = rpc.handle(
                "{\"jsonrpc\":\"2.0\",\"method\":\"test:set\",\"params\":[1,0]}".getBytes(StandardCharsets.UTF_8));
        assertThat(out).isEmpty();
        assertThat(calls).containsExactly("set 1 0");
    }

    @Test
    void aBatchIsAnsweredInOrderWithoutItsNotifications() throws Exception {
        JsonNode a = call("[{\"jsonrpc\":\"2.0\",\"method\":\"test:set\",\"params\":[1,1],\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"test:set\",\"params\":[2,0]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":3},"
                + "7]");
        assertThat(a.isArray()).isTrue();
        assertThat(a.size()).isEqualTo(3);
        assertThat(a.get(0).get("result").asText()).isEqualTo("OK");
        assertThat(a.get(0).get("id").asInt()).isEqualTo(1);
        assertError(a.get(1), -32601, "Method not found");
        assertThat(a.get(1).get("id").asInt()).isEqualTo(3);
        assertError(a.get(2), -32600, "Invalid Request");
        assertThat(a.get(2).get("id").isNull()).isTrue();
        assertThat(calls).containsExactly("set 1 1", "set 2 0");
    }

    @Test
    void aBatchOfNotificationsIsNotAnswered() {
        assertThat(rpc.handle(("[{\"jsonrpc\":\"2.0\",\"method\":\"test:set\",\"params\":[1,1]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"test:list\"}]").getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void brokenJsonIsAParseError() throws Exception {
        for (String body : List.of("{\"jsonrpc\":\"2.0\",\"method\":", "", "   ", "{\"a\":1} trailing",
                "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"method\":\"y\",\"id\":1}", "\u00ff\u00fe",
                "[".repeat(5000), "{\"jsonrpc\":\"2.0\",\"method\":\"test:list\",\"id\":NaN}")) {
            JsonNode a = call(body);
            assertError(a, -32700, "Parse error");
            assertThat(a.get("id").isNull()).as(body).isTrue();
            assertThat(a.at("/error/data").asText()).as(body).isNotEmpty();
        }
    }

    @Test
    void requestsThatAreNotJsonRpcAreInvalid() throws Exception {
        assertError(call("[]"), -32600, "Invalid Request");
        assertError(call("\"text\""), -32600, "Invalid Request");
        assertError(call("[1,2,3,4,5,6]"), -32600, "Invalid Request"); // over the batch limit of 5
        JsonNode v1 = call("{\"jsonrpc\":\"1.0\",\"method\":\"test:list\",\"id\":9}");
        assertError(v1, -32600, "Invalid Request");
        assertThat(v1.get("id").asInt()).isEqualTo(9);
        assertThat(v1.at("/error/data").asText()).contains("jsonrpc");
        assertError(call("{\"jsonrpc\":\"2.0\",\"method\":5,\"id\":1}"), -32600, "Invalid Request");
        assertError(call("{\"jsonrpc\":\"2.0\",\"method\":\"test:list\",\"params\":\"x\",\"id\":1}"),
                -32600, "Invalid Request");
        JsonNode objectId = call("{\"jsonrpc\":\"2.0\",\"method\":\"test:list\",\"id\":{}}");
        assertError(objectId, -32600, "Invalid Request");
        assertThat(objectId.get("id").isNull()).isTrue();
        assertThat(calls).isEmpty();
    }

    @Test
    void unknownMethodsAreNamedInTheError() throws Exception {
        JsonNode a = call("{\"jsonrpc\":\"2.0\",\"method\":\"clusterer:lst\",\"id\":1}");
        assertError(a, -32601, "Method not found");
        assertThat(a.at("/error/data").asText()).contains("'clusterer:lst'");
        assertThat(observed).containsExactly("unknown=-32601");
        String longName = "x".repeat(10_000);
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"" + longName + "\",\"id\":1}").at("/error/data").asText())
                .hasSizeLessThan(200);
    }

    @Test
    void aLocalNameSharedByTwoModulesIsAmbiguous() throws Exception {
        JsonNode a = call("{\"jsonrpc\":\"2.0\",\"method\":\"list\",\"id\":1}");
        assertError(a, -32001, "Method ambiguous");
        assertThat(a.at("/error/data").asText()).isEqualTo("supported names: test:list, other:list");
    }

    @Test
    void parametersThatFitNoRecipeAreInvalidParams() throws Exception {
        JsonNode missing = call("{\"jsonrpc\":\"2.0\",\"method\":\"test:set\",\"params\":[1],\"id\":1}");
        assertError(missing, -32602, "Invalid params");
        assertThat(missing.at("/error/data").asText()).startsWith("Too few or too many parameters")
                .contains("(cluster_id, status) or (cluster_id, node_id, status)");
        assertError(call("{\"jsonrpc\":\"2.0\",\"method\":\"test:set\",\"id\":1}"), -32602, "Invalid params");
        JsonNode wrongName = call("{\"jsonrpc\":\"2.0\",\"method\":\"test:set\",\"params\":{\"cluster\":1,"
                + "\"status\":1},\"id\":1}");
        assertThat(wrongName.at("/error/data").asText()).startsWith("Named parameters do not match");
        JsonNode ambiguous = call("{\"jsonrpc\":\"2.0\",\"method\":\"test:pair\",\"params\":[1,2],\"id\":1}");
        assertThat(ambiguous.at("/error/data").asText()).isEqualTo("Ambiguous call, use named parameters instead");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"test:pair\",\"params\":{\"c\":1,\"d\":2},\"id\":1}")
                .get("result").asText()).isEqualTo("OK");
    }

    @Test
    void wrongTypesAreInvalidParams() throws Exception {
        for (String v : List.of("\"one\"", "1.5", "true", "[1]", "{}", "null", "99999999999")) {
            JsonNode a = call("{\"jsonrpc\":\"2.0\",\"method\":\"test:set\",\"params\":{\"cluster_id\":" + v
                    + ",\"status\":1},\"id\":1}");
            assertError(a, -32602, "Invalid params");
            assertThat(a.at("/error/data").asText()).as(v).contains("'cluster_id'");
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void commandErrorsKeepTheirCodeAndBugsAreInternalErrors() throws Exception {
        assertError(call("{\"jsonrpc\":\"2.0\",\"method\":\"test:refuse\",\"id\":1}"), 404, "Cluster id not found");
        JsonNode bug = call("{\"jsonrpc\":\"2.0\",\"method\":\"test:bug\",\"id\":1}");
        assertError(bug, -32603, "Internal error");
        assertThat(bug.at("/error/data").asText()).isEqualTo("IllegalStateException: a bug in the command");
    }

    @Test
    void aCommandThatNeverAnswersTimesOut() throws Exception {
        long start = System.nanoTime();
        JsonNode a = call("[{\"jsonrpc\":\"2.0\",\"method\":\"test:hang\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"test:hang\",\"id\":2}]");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertError(a.get(0), -32000, "Server error");
        assertError(a.get(1), -32000, "Server error");
        assertThat(a.get(0).at("/error/data").asText()).contains("300 ms");
        assertThat(millis).as("one deadline for the whole batch").isBetween(250L, 2_000L);
    }
}
