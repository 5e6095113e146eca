package io.sipcluster.app.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads packet descriptions: one JSON object, an array of objects, or a sequence of objects (JSON lines). */
final class JsonInput {
    private JsonInput() {}

    static List<JsonNode> objects(ObjectMapper mapper, byte[] input) throws JsonProcessingException {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(input)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n.isArray()) {
                    n.forEach(out::add);
                } else {
                    out.add(n);
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e); // reading from memory
        }
        for (int i = 0; i < out.size(); i++) {
            if (!out.get(i).isObject()) {
                throw new IllegalArgumentException("packet " + i + ": must be a JSON object");
            }
        }
        return out;
    }
}
