package io.sipcluster.mgmt.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * Prints MI results for people: objects as indented {@code key: value} lines, arrays as {@code -} items (a YAML-like
 * layout that stays readable for nested cluster lists), scalars as they are. {@link #json} gives indented JSON for
 * scripts.
 *
 * <pre>
 * Clusters:
 *   - cluster_id: 1
 *     Nodes:
 *       - node_id: 2
 *         link_state: Up
 * </pre>
 */
public final class MiResultFormatter {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MiResultFormatter() { }

    public static String json(JsonNode result) {
        try {
            return PRETTY.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print a JSON tree", e);
        }
    }

    public static String text(JsonNode result) {
        if (result == null || result.isNull()) {
            return "";
        }
        if (result.isValueNode()) {
            return result.asText();
        }
        StringBuilder out = new StringBuilder();
        write(result, 0, out);
        return out.toString().stripTrailing();
    }

    private static void write(JsonNode node, int indent, StringBuilder out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                pad(out, indent).append(f.getKey()).append(':');
                member(f.getValue(), indent + 2, out);
            }
        } else {
            for (JsonNode item : node) {
                pad(out, indent).append('-');
                if (item.isObject() && !item.isEmpty()) {
                    // The first key goes on the dash's line, the rest under it.
                    StringBuilder inner = new StringBuilder();
                    write(item, indent + 2, inner);
                    out.append(' ').append(inner.substring(indent + 2));
                } else {
                    member(item, indent + 2, out);
                }
            }
        }
    }

    private static void member(JsonNode value, int indent, StringBuilder out) {
        if (value.isContainerNode() && !value.isEmpty()) {
            out.append('\n');
            write(value, indent, out);
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static String scalar(JsonNode v) {
        if (v.isArray()) {
            return "[]";
        }
        if (v.isObject()) {
            return "{}";
        }
        return v.isNull() ? "null" : v.asText();
    }

    private static StringBuilder pad(StringBuilder out, int indent) {
        return out.append(" ".repeat(indent));
    }
}
