package io.sipcluster.provisioning.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses YAML text into a {@link YamlNode} tree that keeps line numbers. Duplicate keys are problems (YAML
 * parsers usually keep the last one silently, which hides a mistake). Anchors, aliases and {@code <<} merge keys
 * are resolved here, because Jackson's streaming parser hands an alias over as a plain string. Anchors work on
 * mappings and lists only: the parser does not report them on single values.
 */
final class YamlDocument {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final String MERGE_KEY = "<<";

    private final Problems problems;
    private final Map<String, YamlNode> anchors = new HashMap<>();

    private YamlDocument(Problems problems) {
        this.problems = problems;
    }

    /** The root node, or null when the text is not YAML at all (then {@code problems} says why). */
    static YamlNode parse(String text, Problems problems) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add("", 1, "the file is empty");
                return null;
            }
            YamlNode root = new YamlDocument(problems).read(parser, "");
            if (parser.nextToken() != null) {
                problems.add("", line(parser.currentTokenLocation()), "only one YAML document is allowed ('---' starts a second)");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add("", at == null ? 0 : line(at), "not valid YAML: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            problems.add("", 0, "cannot read: " + e.getMessage());
            return null;
        }
    }

    private YamlNode read(YAMLParser p, String path) throws IOException {
        int line = line(p.currentTokenLocation());
        if (p.isCurrentAlias()) {
            YamlNode target = anchors.get(p.getText());
            if (target == null) {
                // Jackson's parser does not report anchors on scalars, so only mappings and lists can be reused.
                problems.add(path, line, "alias *" + p.getText() + " names no mapping or list anchored above it "
                        + "(anchors on single values are not supported: repeat the value)");
                return new YamlNode.Scalar(YamlNode.Scalar.Type.REPORTED, p.getText(), null, false, line);
            }
            return target;
        }
        String anchor = p.getObjectId();
        YamlNode node = readValue(p, path, line);
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private YamlNode readValue(YAMLParser p, String path, int line) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT:
                return readMapping(p, path, line);
            case START_ARRAY:
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, Problems.item(path, items.size())));
                }
                return new YamlNode.Sequence(List.copyOf(items), line);
            case VALUE_STRING:
                return scalar(YamlNode.Scalar.Type.STRING, p, null, false, line);
            case VALUE_NUMBER_INT:
                return scalar(YamlNode.Scalar.Type.INTEGER, p, p.getBigIntegerValue(), false, line);
            case VALUE_NUMBER_FLOAT:
                return scalar(YamlNode.Scalar.Type.DECIMAL, p, null, false, line);
            case VALUE_TRUE:
                return scalar(YamlNode.Scalar.Type.BOOLEAN, p, null, true, line);
            case VALUE_FALSE:
                return scalar(YamlNode.Scalar.Type.BOOLEAN, p, null, false, line);
            case VALUE_NULL:
                return scalar(YamlNode.Scalar.Type.NULL, p, null, false, line);
            default:
                throw new IllegalStateException("unexpected YAML token " + token + " at line " + line);
        }
    }

    private YamlNode readMapping(YAMLParser p, String path, int line) throws IOException {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        List<YamlNode.Mapping> merged = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = line(p.currentTokenLocation());
            p.nextToken();
            YamlNode value = read(p, Problems.child(path, key));
            if (key.equals(MERGE_KEY)) {
                merge(value, path, keyLine, merged);
                continue;
            }
            if (entries.containsKey(key)) {
                problems.add(Problems.child(path, key), keyLine,
                        "appears twice (also on line " + keyLines.get(key) + "); YAML would keep only the last");
                continue;
            }
            entries.put(key, value);
            keyLines.put(key, keyLine);
        }
        // Keys written in the mapping itself win over merged ones, as YAML's merge key specifies.
        for (YamlNode.Mapping m : merged) {
            for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
                if (!entries.containsKey(e.getKey())) {
                    entries.put(e.getKey(), e.getValue());
                    keyLines.put(e.getKey(), m.keyLines().get(e.getKey()));
                }
            }
        }
        return new YamlNode.Mapping(entries, keyLines, line);
    }

    /** {@code <<: *base} or {@code <<: [*a, *b]}: the mappings whose keys this one takes. */
    private void merge(YamlNode value, String path, int line, List<YamlNode.Mapping> into) {
        List<YamlNode> sources = value instanceof YamlNode.Sequence s ? s.items() : List.of(value);
        for (YamlNode source : sources) {
            if (source instanceof YamlNode.Mapping m) {
                into.add(m);
            } else {
                problems.add(Problems.child(path, MERGE_KEY), line, "a merge key takes a mapping or a list of mappings");
            }
        }
    }

    private static YamlNode.Scalar scalar(YamlNode.Scalar.Type type, JsonParser p, BigInteger integer, boolean truth,
                                          int line) throws IOException {
        return new YamlNode.Scalar(type, p.getText(), integer, truth, line);
    }

    private static int line(JsonLocation location) {
        return location.getLineNr();
    }
}
