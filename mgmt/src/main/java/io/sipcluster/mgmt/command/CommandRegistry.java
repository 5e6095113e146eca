package io.sipcluster.mgmt.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Every MI command of the node, found by name and run with the recipe the parameters choose. Modules add their
 * commands at any time (usrloc adds {@code ul_dump} and the rest); lookups never lock.
 *
 * <p>Name lookup follows OpenSIPS ({@code mi/mi.c}): {@code module:name} is exact; a name without a colon is a
 * command's local name when exactly one module has it, is ambiguous when several do, and is otherwise looked up among
 * the aliases ({@code clusterer_list}).
 */
public final class CommandRegistry {
    /** The outcome of a name lookup. */
    public sealed interface Resolution {
        record Found(MiCommand command) implements Resolution {}

        record Ambiguous(List<String> candidates) implements Resolution {}

        record NotFound() implements Resolution {}
    }

    /** Immutable, swapped as a whole on registration so that readers need no lock. */
    private record Index(List<MiCommand> all, Map<String, MiCommand> byFullName, Map<String, MiCommand> byAlias,
                         Map<String, List<MiCommand>> byLocalName) {
        static final Index EMPTY = new Index(List.of(), Map.of(), Map.of(), Map.of());
    }

    private volatile Index index = Index.EMPTY;

    /** Adds a command; its full name and aliases must not be taken yet. */
    public synchronized void register(MiCommand command) {
        Index old = index;
        if (old.byFullName.containsKey(command.fullName()) || old.byAlias.containsKey(command.fullName())) {
            throw new IllegalArgumentException("MI command " + command.fullName() + " is already registered");
        }
        Map<String, MiCommand> aliases = new HashMap<>(old.byAlias);
        for (String a : command.aliases()) {
            if (aliases.containsKey(a) || old.byFullName.containsKey(a)) {
                throw new IllegalArgumentException("MI name " + a + " (alias of " + command + ") is already taken");
            }
            aliases.put(a, command);
        }
        List<MiCommand> all = new ArrayList<>(old.all);
        all.add(command);
        Map<String, MiCommand> full = new HashMap<>(old.byFullName);
        full.put(command.fullName(), command);
        Map<String, List<MiCommand>> local = new HashMap<>(old.byLocalName);
        List<MiCommand> sameLocal = new ArrayList<>(local.getOrDefault(command.name(), List.of()));
        sameLocal.add(command);
        local.put(command.name(), List.copyOf(sameLocal));
        index = new Index(List.copyOf(all), Map.copyOf(full), Map.copyOf(aliases), Map.copyOf(local));
    }

    /** Every command, in registration order. */
    public List<MiCommand> commands() {
        return index.all;
    }

    public Resolution resolve(String method) {
        Index ix = index;
        if (method.indexOf(':') >= 0) {
            MiCommand c = ix.byFullName.get(method);
            return found(c != null ? c : ix.byAlias.get(method));
        }
        List<MiCommand> local = ix.byLocalName.getOrDefault(method, List.of());
        if (local.size() == 1) {
            return new Resolution.Found(local.get(0));
        }
        if (local.size() > 1) {
            return new Resolution.Ambiguous(local.stream().map(MiCommand::fullName).toList());
        }
        return found(ix.byAlias.get(method));
    }

    private static Resolution found(MiCommand c) {
        return c == null ? new Resolution.NotFound() : new Resolution.Found(c);
    }

    /**
     * Runs {@code method} with {@code params} (a JSON object, a JSON array, or null). The future fails with an
     * {@link MiException} for an unknown or ambiguous name, parameters that fit no recipe, or the command's own
     * error; any other exception is a bug in the command.
     */
    public CompletableFuture<JsonNode> execute(String method, JsonNode params) {
        try {
            Resolution r = resolve(method);
            if (r instanceof Resolution.Ambiguous a) {
                throw new MiException(MiException.AMBIGUOUS_METHOD, "Method ambiguous",
                        "supported names: " + String.join(", ", a.candidates()));
            }
            if (!(r instanceof Resolution.Found f)) {
                throw new MiException(MiException.METHOD_NOT_FOUND, "Method not found",
                        "no MI command named " + quote(method));
            }
            MiCommand command = f.command();
            return execute(command, params);
        } catch (MiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The caller's text, cut short: error messages must not echo a whole request back. */
    static String quote(String text) {
        return "'" + (text.length() <= 64 ? text : text.substring(0, 64) + "...") + "'";
    }

    /** Runs a command already resolved (see {@link #execute(String, JsonNode)}). */
    public CompletableFuture<JsonNode> execute(MiCommand command, JsonNode params) {
        try {
            JsonNode effective = params == null || params.isEmpty() ? null : params;
            MiRecipe recipe = RecipeMatch.choose(command, effective);
            CompletionStage<JsonNode> result = recipe.handler().run(new MiParams(effective, recipe.params()));
            return result.toCompletableFuture();
        } catch (MiException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
