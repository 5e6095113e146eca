package io.sipcluster.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.provisioning.config.ClusterConfig;
import io.sipcluster.provisioning.config.NodeConfig;
import io.sipcluster.provisioning.config.NodeSource;
import io.sipcluster.provisioning.config.SharingTagState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code examples/} true: every node file loads, and the files of one example agree with each other (the
 * neighbours a node names are the other nodes as they describe themselves). The SQL example's rows are checked
 * against real databases in {@code ExampleSqlTest}.
 */
class ExamplesLoadTest {
    @Test
    void everyExampleIsANodeFileThatLoadsOrItsSql() {
        List<Path> files = ExampleFiles.all();
        assertThat(files).as("examples found under " + ExampleFiles.ROOT).hasSizeGreaterThanOrEqualTo(7);
        for (Path f : files) {
            String name = f.getFileName().toString();
            assertThat(name).as("an example nothing checks").matches(".*\\.(yaml|sql)");
            if (name.endsWith(".yaml")) {
                assertThat(ExampleFiles.load(f).nodeId()).as(f.toString()).isPositive();
            }
        }
    }

    @Test
    void theNodesOfOneExampleAgreeWithEachOther() {
        Map<Path, List<NodeConfig>> byExample = ExampleFiles.all().stream()
                .filter(f -> f.toString().endsWith(".yaml"))
                .collect(Collectors.groupingBy(Path::getParent, TreeMap::new,
                        Collectors.mapping(ExampleFiles::load, Collectors.toList())));
        assertThat(byExample).containsKeys(ExampleFiles.ROOT.resolve("active-backup"), ExampleFiles.ROOT.resolve("three-nodes"));
        byExample.forEach((dir, nodes) -> {
            Map<String, NodeDescriptor> selves = new HashMap<>();
            Map<String, List<SharingTagState>> tagStates = new HashMap<>();
            for (NodeConfig n : nodes) {
                for (ClusterConfig c : n.clusters()) {
                    if (c.nodes() instanceof NodeSource.File f) {
                        assertThat(selves.put(c.id() + "/" + n.nodeId(), f.self())).as(dir + ": node ids unique").isNull();
                    }
                    c.sharingTags().forEach((tag, state) ->
                            tagStates.computeIfAbsent(c.id() + "/" + tag, k -> new ArrayList<>()).add(state));
                }
            }
            for (NodeConfig n : nodes) {
                for (ClusterConfig c : n.clusters()) {
                    if (c.nodes() instanceof NodeSource.File f) {
                        for (NodeDescriptor neighbour : f.neighbours()) {
                            NodeDescriptor itself = selves.get(c.id() + "/" + neighbour.nodeId());
                            assertThat(itself).as(dir + ": node " + n.nodeId() + "'s neighbour " + neighbour.nodeId() + " has a file").isNotNull();
                            assertThat(neighbour.url()).as(dir + ": node " + neighbour.nodeId() + "'s url").isEqualTo(itself.url());
                        }
                    }
                }
            }
            tagStates.forEach((tag, states) -> assertThat(states.stream().filter(SharingTagState::isActive).count())
                    .as(dir + ": nodes starting tag " + tag + " active").isLessThanOrEqualTo(1));
        });
    }
}
