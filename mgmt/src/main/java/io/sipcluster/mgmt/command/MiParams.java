package io.sipcluster.mgmt.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of one call, read through the recipe they matched. Parameters may come by name (a JSON object) or
 * by position (a JSON array, mapped onto the recipe's names in order), so handlers always read them by name.
 *
 * <p>Integers are accepted as JSON numbers or as decimal strings, and strings as strings or numbers, as OpenSIPS does:
 * commands relayed between nodes (MI_CMD) carry every parameter as a string.
 */
public final class MiParams {
    private final JsonNode values;
    private final List<String> names;

    /**
     * @param values a JSON object (named), a JSON array (positional, same order as {@code names}), or null for none
     */
    MiParams(JsonNode values, List<String> names) {
        this.values = values;
        this.names = List.copyOf(names);
    }

    /** The parameter names of the recipe that matched. */
    public List<String> names() {
        return names;
    }

    /** Whether the matched recipe has this parameter (optional parameters are separate recipes). */
    public boolean has(String name) {
        return names.contains(name);
    }

    public int getInt(String name) throws MiException {
        JsonNode v = require(name);
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.textValue().trim());
            } catch (NumberFormatException e) {
                throw MiException.badType(name);
            }
        }
        throw MiException.badType(name);
    }

    public String getString(String name) throws MiException {
        JsonNode v = require(name);
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        throw MiException.badType(name);
    }

    /** An array of strings (numbers are turned into their decimal text). */
    public List<String> getStringArray(String name) throws MiException {
        JsonNode v = require(name);
        if (!v.isArray()) {
            throw MiException.badType(name);
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (item.isTextual()) {
                out.add(item.textValue());
            } else if (item.isIntegralNumber()) {
                out.add(item.asText());
            } else {
                throw MiException.invalidParams("Bad type for array item in parameter '" + name + "'");
            }
        }
        return out;
    }

    private JsonNode require(String name) throws MiException {
        int position = names.indexOf(name);
        JsonNode v = null;
        if (position >= 0 && values != null) {
            v = values.isArray() ? values.get(position) : values.get(name);
        }
        if (v == null || v.isNull()) {
            throw MiException.invalidParams("Missing parameter '" + name + "'");
        }
        return v;
    }
}
