package io.sipcluster.mgmt.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.concurrent.CompletionStage;

/** OpenSIPS's self-description commands, {@code core:which} and {@code core:help}, over the registry. */
public final class CoreCommands {
    private final CommandRegistry registry;

    private CoreCommands(CommandRegistry registry) {
        this.registry = registry;
    }

    public static void register(CommandRegistry registry) {
        CoreCommands c = new CoreCommands(registry);
        registry.register(MiCommand.builder("core", "which")
                .help("lists all available MI commands, or the parameter lists of one")
                .recipe(p -> c.all())
                .recipe(c::recipesOf, "command")
                .build());
        registry.register(MiCommand.builder("core", "help")
                .help("prints information about MI commands usage")
                .recipe(p -> MiResults.now(TextNode.valueOf("Usage: help mi_cmd - returns information about 'mi_cmd'")))
                .recipe(c::helpOf, "mi_cmd")
                .build());
    }

    private CompletionStage<JsonNode> all() {
        ArrayNode names = MiResults.array();
        for (MiCommand m : registry.commands()) {
            names.add(m.fullName());
        }
        return MiResults.now(names);
    }

    /** One array of parameter names per recipe; {@code module:} lists that module's commands. */
    private CompletionStage<JsonNode> recipesOf(MiParams p) throws MiException {
        String name = p.getString("command");
        ArrayNode out = MiResults.array();
        if (name.endsWith(":")) {
            for (MiCommand m : registry.commands()) {
                if (m.fullName().startsWith(name)) {
                    out.add(m.fullName());
                }
            }
            if (out.isEmpty()) {
                throw MiException.of(404, "unknown MI command");
            }
            return MiResults.now(out);
        }
        for (MiRecipe r : find(name).recipes()) {
            ArrayNode params = out.addArray();
            r.params().forEach(params::add);
        }
        return MiResults.now(out);
    }

    private CompletionStage<JsonNode> helpOf(MiParams p) throws MiException {
        MiCommand m = find(p.getString("mi_cmd"));
        ObjectNode out = MiResults.object();
        out.put("Help", m.help().isEmpty() ? "No help available" : m.help());
        out.put("Exported by", m.module());
        return MiResults.now(out);
    }

    private MiCommand find(String name) throws MiException {
        if (registry.resolve(name) instanceof CommandRegistry.Resolution.Found f) {
            return f.command();
        }
        throw MiException.of(404, "unknown MI command");
    }
}
