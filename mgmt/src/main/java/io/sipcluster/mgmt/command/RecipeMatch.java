package io.sipcluster.mgmt.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;

/**
 * Chooses the recipe a call's parameters fit, with OpenSIPS's rules ({@code mi/mi.c: get_cmd_recipe}): no parameters
 * take the recipe without any; positional parameters take the one recipe with that many (two would be ambiguous);
 * named parameters take the recipe with exactly those names.
 */
final class RecipeMatch {
    private RecipeMatch() { }

    /**
     * @param params null (none), a non-empty JSON array, or a non-empty JSON object
     */
    static MiRecipe choose(MiCommand command, JsonNode params) throws MiException {
        if (params == null) {
            for (MiRecipe r : command.recipes()) {
                if (r.params().isEmpty()) {
                    return r;
                }
            }
            throw MiException.invalidParams("Too few or too many parameters; "
                    + command.fullName() + " takes " + describe(command));
        }
        if (params.isArray()) {
            MiRecipe match = null;
            for (MiRecipe r : command.recipes()) {
                if (r.params().size() == params.size()) {
                    if (match != null) {
                        throw MiException.invalidParams("Ambiguous call, use named parameters instead");
                    }
                    match = r;
                }
            }
            if (match == null) {
                throw MiException.invalidParams("Too few or too many parameters; "
                        + command.fullName() + " takes " + describe(command));
            }
            return match;
        }
        boolean sameCount = false;
        for (MiRecipe r : command.recipes()) {
            if (r.params().size() != params.size()) {
                continue;
            }
            sameCount = true;
            if (r.params().stream().allMatch(params::has)) {
                return r;
            }
        }
        throw MiException.invalidParams((sameCount ? "Named parameters do not match" : "Too few or too many parameters")
                + "; " + command.fullName() + " takes " + describe(command) + ", got " + names(params));
    }

    /** "no parameters, or (cluster_id, status), or (cluster_id, node_id, status)" */
    static String describe(MiCommand command) {
        StringBuilder sb = new StringBuilder();
        for (MiRecipe r : command.recipes()) {
            if (sb.length() > 0) {
                sb.append(" or ");
            }
            sb.append(r.params().isEmpty() ? "no parameters" : "(" + String.join(", ", r.params()) + ")");
        }
        return sb.toString();
    }

    private static String names(JsonNode object) {
        StringBuilder sb = new StringBuilder("(");
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            sb.append(it.next());
            if (it.hasNext()) {
                sb.append(", ");
            }
        }
        return sb.append(')').toString();
    }
}
