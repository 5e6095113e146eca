package io.sipcluster.mgmt.command;

import java.util.List;

/**
 * One way to call a command: the exact set of parameter names it takes, and the handler for it (OpenSIPS
 * {@code mi_recipe_t}). A command with an optional parameter has two recipes.
 */
public record MiRecipe(List<String> params, MiHandler handler) {
    public MiRecipe {
        params = List.copyOf(params);
        if (params.stream().distinct().count() != params.size()) {
            throw new IllegalArgumentException("recipe names a parameter twice: " + params);
        }
    }
}
