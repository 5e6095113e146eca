package io.sipcluster.provisioning.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.provisioning.ExampleFiles;
import io.sipcluster.provisioning.config.NodeConfig;
import io.sipcluster.provisioning.config.SqlConfig;
import io.sipcluster.wire.Str;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SQL example, run as an operator would: the node creates the table, the rows file fills it, the node loads. */
class ExampleSqlTest {
    static final Path NODE = ExampleFiles.ROOT.resolve("sql-node/node.yaml");
    static final Path ROWS = ExampleFiles.ROOT.resolve("sql-node/clusterer-rows.sql");

    @TempDir
    static Path dir;

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of(new TestDatabase.Sqlite(dir)), Arguments.of(new TestDatabase.MariaDb()),
                Arguments.of(new TestDatabase.Postgres()));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theExampleRowsGiveTheExampleNodeItsCluster(TestDatabase db) throws IOException, SQLException {
        NodeConfig example = ExampleFiles.load(NODE);
        SqlConfig sql = example.sql().orElseThrow().withJdbcUrl(db.url()).withTables(db.table, db.versionTable)
                .withUser(db.user(), null);
        NodeConfig node = new NodeConfig(example.nodeId(), example.listen(), example.clusters(), example.timings(),
                example.management(), Optional.of(sql));
        try (SqlProvisioning provisioning = SqlProvisioning.open(node)) {
            assertThat(catchProblems(provisioning)).as("first start: the table is created, and empty").isTrue();
            db.execute(statements(Files.readString(ROWS), db.table));

            ClusterSetup setup = provisioning.load().setup(10).orElseThrow();

            assertThat(setup.self()).isEqualTo(new NodeDescriptor(1, Str.of("bin:203.0.113.1:5555"),
                    Str.of("203.0.113.1:5060"), 50, 3, true, true));
            assertThat(setup.neighbours()).containsExactly(
                    new NodeDescriptor(2, Str.of("bin:203.0.113.2:5555"), Str.of("203.0.113.2:5060"), 50, 3, false, true),
                    new NodeDescriptor(3, Str.of("bin:203.0.113.3:5555"), Str.of("203.0.113.3:5060"), 100, 5, false, true));
            assertThat(provisioning.current().row(10, 3).orElseThrow().description()).isEqualTo("registrar C, site 2");
        } finally {
            db.dropTables();
        }
    }

    private static boolean catchProblems(SqlProvisioning p) {
        try {
            p.load();
            return false;
        } catch (ProvisioningException e) {
            return !e.problems().isEmpty();
        }
    }

    /** The file's statements, comments dropped, aimed at the test's table. */
    private static String[] statements(String file, String table) {
        String noComments = file.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n");
        return Arrays.stream(noComments.split(";"))
                .map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.replace("INSERT INTO clusterer ", "INSERT INTO " + table + " "))
                .toArray(String[]::new);
    }
}
