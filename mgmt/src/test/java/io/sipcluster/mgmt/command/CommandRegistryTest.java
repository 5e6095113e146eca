package io.sipcluster.mgmt.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandRegistryTest {
    private static MiCommand.Builder command(String module, String name) {
        return MiCommand.builder(module, name);
    }

    private static MiCommand ok(String module, String name, String... aliases) {
        MiCommand.Builder b = command(module, name).recipe(p -> MiResults.now(MiResults.OK));
        for (String a : aliases) {
            b.alias(a);
        }
        return b.build();
    }

    @Test
    void namesResolveByFullNameUniqueLocalNameOrAlias() {
        CommandRegistry r = new CommandRegistry();
        MiCommand list = ok("clusterer", "list", "clusterer_list");
        MiCommand topology = ok("clusterer", "list_topology", "clusterer_list_topology");
        r.register(list);
        r.register(topology);
        assertThat(r.resolve("clusterer:list")).isEqualTo(new CommandRegistry.Resolution.Found(list));
        assertThat(r.resolve("clusterer_list")).isEqualTo(new CommandRegistry.Resolution.Found(list));
        assertThat(r.resolve("list_topology")).isEqualTo(new CommandRegistry.Resolution.Found(topology));
        assertThat(r.resolve("list")).isEqualTo(new CommandRegistry.Resolution.Found(list));
        assertThat(r.resolve("evi:list")).isInstanceOf(CommandRegistry.Resolution.NotFound.class);

        r.register(ok("evi", "list", "events_list"));
        assertThat(r.resolve("list")).isEqualTo(new CommandRegistry.Resolution.Ambiguous(
                java.util.List.of("clusterer:list", "evi:list")));
        assertThat(r.commands()).extracting(MiCommand::fullName)
                .containsExactly("clusterer:list", "clusterer:list_topology", "evi:list");
    }

    @Test
    void namesCannotBeTakenTwice() {
        CommandRegistry r = new CommandRegistry();
        r.register(ok("clusterer", "list", "clusterer_list"));
        assertThatThrownBy(() -> r.register(ok("clusterer", "list"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
        assertThatThrownBy(() -> r.register(ok("usrloc", "dump", "clusterer_list")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusterer_list");
        assertThat(r.resolve("usrloc:dump")).as("a refused command leaves no trace")
                .isInstanceOf(CommandRegistry.Resolution.NotFound.class);
    }

    @Test
    void commandsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> command("clusterer", "bad name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> command("a:b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> command("m", "x").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> command("m", "x").recipe(p -> null, "a", "b").recipe(p -> null, "b", "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two recipes");
        assertThatThrownBy(() -> command("m", "x").recipe(p -> null, "a", "a"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHandlerThatThrowsFailsTheFutureInsteadOfTheCaller() {
        CommandRegistry r = new CommandRegistry();
        r.register(command("m", "boom").recipe(p -> {
            throw new IllegalStateException("bug");
        }).build());
        assertThat(r.execute("m:boom", null)).isCompletedExceptionally();
        assertThat(r.execute("m:none", null)).isCompletedExceptionally();
    }
}
