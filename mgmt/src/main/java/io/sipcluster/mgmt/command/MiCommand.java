package io.sipcluster.mgmt.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An MI command: {@code module:name} (OpenSIPS 4 naming), the old names it also answers to, a one-line help, and
 * its recipes.
 *
 * <pre>{@code
 * MiCommand.builder("clusterer", "set_status")
 *         .alias("clusterer_set_status")
 *         .help("enables or disables a node")
 *         .recipe(this::setLocal, "cluster_id", "status")
 *         .recipe(this::setNode, "cluster_id", "node_id", "status")
 *         .build();
 * }</pre>
 */
public final class MiCommand {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final String module;
    private final String name;
    private final List<String> aliases;
    private final String help;
    private final List<MiRecipe> recipes;

    private MiCommand(Builder b) {
        this.module = b.module;
        this.name = b.name;
        this.aliases = List.copyOf(b.aliases);
        this.help = b.help;
        this.recipes = List.copyOf(b.recipes);
    }

    public static Builder builder(String module, String name) {
        return new Builder(module, name);
    }

    public String module() {
        return module;
    }

    /** The name within the module ({@code list}). */
    public String name() {
        return name;
    }

    /** {@code module:name}, e.g. {@code clusterer:list}. */
    public String fullName() {
        return module + ":" + name;
    }

    public List<String> aliases() {
        return aliases;
    }

    public String help() {
        return help;
    }

    public List<MiRecipe> recipes() {
        return recipes;
    }

    @Override
    public String toString() {
        return fullName();
    }

    public static final class Builder {
        private final String module;
        private final String name;
        private final List<String> aliases = new ArrayList<>();
        private String help = "";
        private final List<MiRecipe> recipes = new ArrayList<>();

        private Builder(String module, String name) {
            this.module = checkName(module);
            this.name = checkName(name);
        }

        public Builder alias(String alias) {
            aliases.add(checkName(alias));
            return this;
        }

        public Builder help(String text) {
            this.help = Objects.requireNonNull(text);
            return this;
        }

        public Builder recipe(MiHandler handler, String... params) {
            MiRecipe r = new MiRecipe(List.of(params), handler);
            for (MiRecipe existing : recipes) {
                if (existing.params().size() == r.params().size()
                        && existing.params().containsAll(r.params())) {
                    throw new IllegalArgumentException(module + ":" + name + " has two recipes for " + r.params());
                }
            }
            recipes.add(r);
            return this;
        }

        public MiCommand build() {
            if (recipes.isEmpty()) {
                throw new IllegalStateException(module + ":" + name + " has no recipe");
            }
            return new MiCommand(this);
        }

        private static String checkName(String s) {
            if (s == null || !NAME.matcher(s).matches()) {
                throw new IllegalArgumentException("bad MI name: " + s);
            }
            return s;
        }
    }
}
