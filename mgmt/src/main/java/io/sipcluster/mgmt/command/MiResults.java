package io.sipcluster.mgmt.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.concurrent.CompletableFuture;

/** Building blocks for command results, in OpenSIPS's shapes. */
public final class MiResults {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MiResults() { }

    /** OpenSIPS's plain success answer: the string {@code "OK"}. */
    public static final TextNode OK = TextNode.valueOf("OK");

    public static ObjectNode object() {
        return JSON.objectNode();
    }

    public static ArrayNode array() {
        return JSON.arrayNode();
    }

    public static CompletableFuture<JsonNode> now(JsonNode result) {
        return CompletableFuture.completedFuture(result);
    }
}
