package io.sipcluster.provisioning.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.config.BinUrl;
import io.sipcluster.core.config.HostPort;
import io.sipcluster.provisioning.Problem;
import io.sipcluster.wire.Str;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node file: what a good one gives the core, and one test per class of mistake. */
class NodeConfigLoaderTest {
    static final String TOKEN = "0123456789abcdef0123";
    static final String TWO_NODES = """
            node_id: 1
            listen: [bin:10.0.0.1:5555]
            management:
              token_file: mgmt.token
            clusters:
              - id: 1
                url: bin:10.0.0.1:5555
                sip_addr: 10.0.0.1:5060
                seed: true
                neighbours:
                  - id: 2
                    url: bin:10.0.0.2:5555
                    priority: 10
            """;

    final FakeFiles files = new FakeFiles()
            .with("/node/mgmt.token", TOKEN + "\n")
            .with("/node/tls/node.key", "k").with("/node/tls/node.crt", "c").with("/node/tls/ca.crt", "ca");

    NodeConfig load(String yaml) {
        return new NodeConfigLoader(files).parse(yaml, Path.of("/node"), "node.yaml");
    }

    List<Problem> problems(String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> load(yaml));
        assertThat(e).as("the file should be refused").isNotNull();
        return e.problems();
    }

    /** The one problem of a file, as "path: message (line n)". */
    String onlyProblem(String yaml) {
        List<Problem> p = problems(yaml);
        assertThat(p).hasSize(1);
        return p.get(0).toString();
    }

    @Test
    void aGoodFileGivesTheCoreItsSetupsAndTimings() {
        NodeConfig c = load(TWO_NODES);

        assertThat(c.nodeId()).isEqualTo(1);
        assertThat(c.listen()).containsExactly(BinUrl.parse("bin:10.0.0.1:5555"));
        assertThat(c.timings()).isEqualTo(Timings.OPENSIPS_DEFAULTS);
        List<ClusterSetup> setups = c.clusterSetups();
        assertThat(setups).hasSize(1);
        ClusterSetup s = setups.get(0);
        assertThat(s.clusterId()).isEqualTo(1);
        assertThat(s.discovery()).as("file provisioning is OpenSIPS db_mode=0: others join by discovery").isTrue();
        assertThat(s.self()).isEqualTo(new NodeDescriptor(1, Str.of("bin:10.0.0.1:5555"), Str.of("10.0.0.1:5060"),
                50, 3, true, true));
        assertThat(s.neighbours()).containsExactly(NodeDescriptor.of(2, "bin:10.0.0.2:5555").withPriority(10));
        assertThat(c.management()).contains(new ManagementConfig(new HostPort("127.0.0.1", 8888),
                new ManagementConfig.Auth.Token(new io.sipcluster.provisioning.Secret(TOKEN))));
        assertThat(c.sql()).isEmpty();
    }

    @Test
    void timingsComeFromAProfileOrFromValuesOverAProfile() {
        assertThat(load(TWO_NODES + "timings: fast\n").timings()).isEqualTo(Timings.FAST);
        assertThat(load(TWO_NODES + "timings: opensips\n").timings()).isEqualTo(Timings.OPENSIPS_DEFAULTS);
        assertThat(load(TWO_NODES + """
                timings:
                  ping_interval: 2s
                  ping_timeout: 500ms
                  node_timeout: 1m
                """).timings()).isEqualTo(new Timings(2_000, 500, 60_000));
        assertThat(load(TWO_NODES + """
                timings: {profile: fast, ping_timeout: 100ms}
                """).timings()).isEqualTo(new Timings(200, 100, 5_000));
    }

    @Test
    void impossibleTimingsAreReportedWithTheirValues() {
        assertThat(onlyProblem(TWO_NODES + "timings: {ping_interval: 1s, ping_timeout: 1s}\n"))
                .startsWith("timings: ping timeout must be shorter than the ping interval (ping_interval 1s, ping_timeout 1s)");
        assertThat(onlyProblem(TWO_NODES + "timings: {ping_interval: 4000}\n"))
                .startsWith("timings.ping_interval: must be a duration such as 1500ms, 4s or 1m, got an integer (add a unit");
        assertThat(onlyProblem(TWO_NODES + "timings: quick\n")).startsWith("timings: must be opensips or fast");
    }

    @Test
    void sharingTagsStartActiveOrBackupInFileOrder() {
        NodeConfig c = load(TWO_NODES.replace("    seed: true\n", """
                    seed: true
                    sharing_tags:
                      vip: active
                      sbc2: backup
                """));
        assertThat(c.clusters().get(0).sharingTags())
                .containsExactly(Map.entry("vip", SharingTagState.ACTIVE), Map.entry("sbc2", SharingTagState.BACKUP));

        assertThat(onlyProblem(TWO_NODES.replace("    seed: true\n", "    sharing_tags: {vip: master}\n")))
                .isEqualTo("clusters[0].sharing_tags.vip: must be active or backup, got 'master' (line 9)");
        assertThat(onlyProblem(TWO_NODES.replace("    seed: true\n", "    sharing_tags: {vip/1: active}\n")))
                .startsWith("clusters[0].sharing_tags.vip/1: a sharing tag name must be non-empty, without spaces, '/' or '='");
    }

    @Test
    void unknownKeysAreReportedWithASuggestionWhenOneIsClose() {
        assertThat(onlyProblem(TWO_NODES.replace("    seed: true\n", "    sed: true\n")))
                .isEqualTo("clusters[0].sed: unknown key; did you mean 'seed'? (line 9)");
        assertThat(onlyProblem(TWO_NODES + "colour: blue\n"))
                .startsWith("colour: unknown key; expected one of calls, clusters, listen, management, node_id, sip, sql, timings, usrloc");
    }

    @Test
    void wrongTypesAreReported() {
        assertThat(onlyProblem(TWO_NODES.replace("node_id: 1", "node_id: '1'")))
                .isEqualTo("node_id: must be an integer, got a string (line 1)");
        assertThat(onlyProblem(TWO_NODES.replace("seed: true", "seed: 1")))
                .isEqualTo("clusters[0].seed: must be true or false, got an integer (line 9)");
        assertThat(onlyProblem(TWO_NODES.replace("sip_addr: 10.0.0.1:5060", "sip_addr: 5060")))
                .startsWith("clusters[0].sip_addr: must be a string, got an integer (put it in quotes");
        assertThat(onlyProblem(TWO_NODES.replace("listen: [bin:10.0.0.1:5555]", "listen: bin:10.0.0.1:5555")))
                .isEqualTo("listen: must be a list, got a string (line 2)");
    }

    @Test
    void missingRequiredFieldsAreReported() {
        List<String> p = problems("""
                management: {auth: none}
                clusters:
                  - neighbours:
                      - url: bin:10.0.0.2:5555
                """).stream().map(Problem::toString).toList();
        assertThat(p).containsExactly(
                "node_id: is required (line 1)",
                "listen: is required: the BIN sockets to open, e.g. [bin:10.0.0.1:5555] (line 1)",
                "clusters[0].id: is required (line 3)",
                "clusters[0].url: is required (line 3)",
                "clusters[0].neighbours[0].id: is required (line 4)");
    }

    @Test
    void duplicateIdsAreReported() {
        assertThat(onlyProblem(TWO_NODES + """
                  - id: 1
                    url: bin:10.0.0.1:5555
                """)).isEqualTo("clusters[1].id: cluster 1 is already listed as clusters[0] (line 14)");
        assertThat(onlyProblem(TWO_NODES + """
                      - id: 2
                        url: bin:10.0.0.3:5555
                """)).isEqualTo("clusters[0].neighbours[1].id: node 2 is already listed as clusters[0].neighbours[0] (line 14)");
    }

    @Test
    void aNodeIsNotItsOwnNeighbour() {
        assertThat(onlyProblem(TWO_NODES.replace("- id: 2", "- id: 1")))
                .isEqualTo("clusters[0].neighbours[0].id: is this node's own id (1); a node is not its own neighbour (line 11)");
        assertThat(onlyProblem(TWO_NODES.replace("url: bin:10.0.0.2:5555", "url: bin:10.0.0.1:5555")))
                .isEqualTo("clusters[0].neighbours[0].url: is this node's own url (line 12)");
    }

    @Test
    void badUrlsAndPortsAreReported() {
        assertThat(onlyProblem(TWO_NODES.replace("url: bin:10.0.0.2:5555", "url: udp:10.0.0.2:5555")))
                .isEqualTo("clusters[0].neighbours[0].url: must be bin:host:port or bins:host:port, got 'udp:10.0.0.2:5555' (line 12)");
        assertThat(onlyProblem(TWO_NODES.replace("url: bin:10.0.0.2:5555", "url: bin:10.0.0.2")))
                .startsWith("clusters[0].neighbours[0].url: must be bin:host:port or bins:host:port (the port is missing)");
        assertThat(onlyProblem(TWO_NODES.replace("url: bin:10.0.0.2:5555", "url: bin:10.0.0.2:70000")))
                .isEqualTo("clusters[0].neighbours[0].url: port must be 1-65535, got 70000, got 'bin:10.0.0.2:70000' (line 12)");
        assertThat(onlyProblem(TWO_NODES.replace("url: bin:10.0.0.2:5555", "url: bin:10.0.0.256:5555")))
                .startsWith("clusters[0].neighbours[0].url: '10.0.0.256' is not a valid IPv4 address");
        assertThat(onlyProblem(TWO_NODES.replace("token_file: mgmt.token", "token_file: mgmt.token\n  listen: 127.0.0.1:0")))
                .startsWith("management.listen: port must be 1-65535, got 0");
    }

    @Test
    void thisNodesUrlMustBeServedByAListener() {
        assertThat(onlyProblem(TWO_NODES.replace("url: bin:10.0.0.1:5555", "url: bin:10.0.0.1:5566")))
                .isEqualTo("clusters[0].url: no listener serves bin:10.0.0.1:5566; add it to listen (line 7)");
        assertThat(load(TWO_NODES.replace("listen: [bin:10.0.0.1:5555]", "listen: ['bin:0.0.0.0:5555']"))
                .clusterSetups()).hasSize(1);
        assertThat(onlyProblem(TWO_NODES.replace("url: bin:10.0.0.1:5555", "url: bin:0.0.0.0:5555")))
                .startsWith("clusters[0].url: other nodes connect to this url, so it needs an address they can reach");
        assertThat(onlyProblem(TWO_NODES.replace("listen: [bin:10.0.0.1:5555]", "listen: [bin:10.0.0.1:5555, bin:0.0.0.0:5555]")))
                .startsWith("listen[1]: conflicts with listen[0] (bin:10.0.0.1:5555): same port");
    }

    @Test
    void binsNeedsTlsMaterialAndItsFilesMustExist() {
        String bins = TWO_NODES.replace("bin:", "bins:");
        assertThat(problems(bins).stream().map(Problem::toString)).containsExactly(
                "listen[0]: a bins: listener needs TLS material, and no cluster has a tls section (line 2)",
                "clusters[0].tls: is required: this cluster has bins: urls, which need a key, a certificate and trusted CAs (line 6)");

        NodeConfig ok = load(bins.replace("    seed: true\n", """
                    seed: true
                    tls: {key: tls/node.key, certificate: tls/node.crt, trusted_cas: tls/ca.crt}
                """));
        TlsConfig tls = new TlsConfig(Path.of("/node/tls/node.key"), Path.of("/node/tls/node.crt"), List.of(Path.of("/node/tls/ca.crt")));
        assertThat(ok.clusters().get(0).tls()).contains(tls);
        assertThat(ok.listenerTls(BinUrl.parse("bins:10.0.0.1:5555"))).contains(tls);

        assertThat(problems(bins.replace("    seed: true\n", """
                    tls:
                      key: /etc/missing.key
                      certificate: tls/node.crt
                      trusted_cas: [tls/ca.crt, other-ca.crt]
                """)).stream().map(Problem::toString)).containsExactly(
                "clusters[0].tls.key: file /etc/missing.key does not exist (line 10)",
                "clusters[0].tls.trusted_cas[1]: file /node/other-ca.crt does not exist (line 12)");
    }

    @Test
    void managementNeedsATokenUnlessItIsExplicitlyOpenOnLoopback() {
        String noMgmt = TWO_NODES.replace("management:\n  token_file: mgmt.token\n", "");
        assertThat(onlyProblem(noMgmt)).startsWith("management: is required: give token_file (or token), or auth: none");
        assertThat(load(noMgmt + "management: {auth: none}\n").management())
                .contains(new ManagementConfig(ManagementConfig.DEFAULT_LISTEN, new ManagementConfig.Auth.None()));
        assertThat(load(noMgmt + "management: {enabled: false}\n").management()).isEmpty();
        assertThat(onlyProblem(noMgmt + "management: {auth: none, listen: '0.0.0.0:8888'}\n"))
                .startsWith("management.auth: none is allowed only on a loopback address");
        assertThat(onlyProblem(noMgmt + "management: {token: short}\n"))
                .startsWith("management.token: the token must be at least 16 characters, it has 5");
        assertThat(onlyProblem(noMgmt + "management: {token: " + TOKEN + ", token_file: mgmt.token}\n"))
                .startsWith("management.token: give token or token_file, not both");
        assertThat(onlyProblem(noMgmt + "management: {token_file: nowhere}\n"))
                .startsWith("management.token_file: file /node/nowhere does not exist");
    }

    @Test
    void sqlClustersTakeTheirNodesFromTheTableWithSqliteBesideTheFileByDefault() {
        NodeConfig c = load("""
                node_id: 3
                listen: [bin:10.0.0.3:5555]
                management: {auth: none}
                clusters:
                  - id: 1
                    provisioning: sql
                  - id: 2
                    url: bin:10.0.0.3:5555
                """);
        assertThat(c.tableClusterIds()).containsExactly(1);
        assertThat(c.sql()).contains(SqlConfig.of("jdbc:sqlite:/node/sipcluster.db"));
        assertThatThrownBy(c::clusterSetups).isInstanceOf(IllegalStateException.class);
        ClusterSetup fromTable = new ClusterSetup(1, NodeDescriptor.of(3, "bin:10.0.0.3:5555"), List.of(), false);
        assertThat(c.clusterSetups(List.of(fromTable))).extracting(ClusterSetup::clusterId).containsExactly(1, 2);
    }

    @Test
    void sqlSettingsAreRead() {
        NodeConfig c = load(TWO_NODES + """
                sql:
                  url: jdbc:postgresql://db.example.net/opensips
                  user: opensips
                  password_file: db.password
                  table: clusterer_nodes
                  pool_size: 4
                  connect_timeout: 500ms
                  persist_state: false
                """.replace("db.password", "mgmt.token"));
        SqlConfig sql = c.sql().orElseThrow();
        assertThat(sql.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.net/opensips");
        assertThat(sql.user()).contains("opensips");
        assertThat(sql.password().orElseThrow().reveal()).isEqualTo(TOKEN);
        assertThat(sql.toString()).doesNotContain(TOKEN);
        assertThat(sql.table()).isEqualTo("clusterer_nodes");
        assertThat(sql.versionTable()).isEqualTo("version");
        assertThat(sql.poolSize()).isEqualTo(4);
        assertThat(sql.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(sql.persistState()).isFalse();
        assertThat(sql.createSchema()).isTrue();
    }

    @Test
    void badSqlSettingsAreReported() {
        List<String> p = problems(TWO_NODES + """
                sql:
                  url: jdbc:oracle:thin:@db
                  table: "clusterer; drop table x"
                  password: a
                  password_file: b
                  pool_size: 0
                """).stream().map(Problem::toString).toList();
        assertThat(p).hasSize(4);
        assertThat(p.get(0)).startsWith("sql.url: must be a JDBC url of SQLite, MariaDB/MySQL or PostgreSQL");
        assertThat(p.get(1)).startsWith("sql.table: must be a plain SQL identifier");
        assertThat(p.get(2)).startsWith("sql.password: give password or password_file, not both");
        assertThat(p.get(3)).startsWith("sql.pool_size: must be 1-64, got 0");
    }

    @Test
    void aTableClusterMayNotAlsoDescribeItsNodes() {
        assertThat(problems("""
                node_id: 3
                listen: [bin:10.0.0.3:5555]
                management: {auth: none}
                clusters:
                  - id: 1
                    provisioning: sql
                    url: bin:10.0.0.3:5555
                    neighbours: []
                """).stream().map(Problem::toString)).containsExactly(
                "clusters[0].url: not allowed here: with provisioning: sql the clusterer table gives it (line 7)",
                "clusters[0].neighbours: not allowed here: with provisioning: sql the clusterer table gives it (line 8)");
    }

    @Test
    void yamlItselfIsChecked() {
        assertThat(onlyProblem("")).isEqualTo(": the file is empty (line 1)".substring(2));
        assertThat(onlyProblem("node_id: [1,\n")).startsWith("not valid YAML: ");
        assertThat(onlyProblem(TWO_NODES + "node_id: 2\n"))
                .isEqualTo("node_id: appears twice (also on line 1); YAML would keep only the last (line 14)");
        assertThat(onlyProblem(TWO_NODES.replace("sip_addr: 10.0.0.1:5060", "ping_retries: *a")))
                .startsWith("clusters[0].ping_retries: alias *a names no mapping or list anchored above it");
        assertThat(onlyProblem(TWO_NODES + "---\nnode_id: 2\n")).startsWith("only one YAML document is allowed");
    }

    @Test
    void anchorsAliasesAndMergeKeysSaveRepetition() {
        NodeConfig c = load("""
                node_id: 1
                listen: [bin:10.0.0.1:5555]
                management: {token_file: mgmt.token}
                clusters:
                  - id: 1
                    url: bin:10.0.0.1:5555
                    neighbours: &peers
                      - &peer2 {id: 2, url: bin:10.0.0.2:5555, priority: 10}
                  - id: 2
                    url: bin:10.0.0.1:5555
                    neighbours:
                      - <<: *peer2
                        priority: 20
                  - id: 3
                    url: bin:10.0.0.1:5555
                    neighbours: *peers
                """);
        assertThat(c.clusterSetups().get(0).neighbours()).containsExactly(NodeDescriptor.of(2, "bin:10.0.0.2:5555").withPriority(10));
        assertThat(c.clusterSetups().get(1).neighbours()).containsExactly(NodeDescriptor.of(2, "bin:10.0.0.2:5555").withPriority(20));
        assertThat(c.clusterSetups().get(2).neighbours()).isEqualTo(c.clusterSetups().get(0).neighbours());
    }

    /** The acceptance criterion of the file format: one load shows every mistake, each where it is. */
    @Test
    void everyProblemIsReportedAtOnceWithItsPath() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> load("""
                node_id: 0
                listen: [bin:10.0.0.1:5555, tcp:10.0.0.1:5556]
                timings: {ping_interval: 1s, ping_timeout: 2s}
                management: {token: short}
                clusters:
                  - id: 1
                    url: bin:10.0.0.1:5555
                    neighbours:
                      - {id: 2, url: bin:10.0.0.2:5555}
                      - {id: 2, url: bin:10.0.0.3:5555}
                  - id: 2
                    url: bins:10.0.0.1:5555
                    priority: -1
                    neighbours:
                      - {id: 4, url: 'bin:10.0.0.4', colour: red}
                """));
        assertThat(e.problems().stream().map(Problem::toString)).containsExactly(
                "node_id: must be > 0, got 0 (line 1)",
                "listen[1]: must be bin:host:port or bins:host:port, got 'tcp:10.0.0.1:5556' (line 2)",
                "timings: ping timeout must be shorter than the ping interval (ping_interval 1s, ping_timeout 2s) (line 3)",
                "management.token: the token must be at least 16 characters, it has 5 (line 4)",
                "clusters[0].neighbours[1].id: node 2 is already listed as clusters[0].neighbours[0] (line 10)",
                "clusters[1].tls: is required: this cluster has bins: urls, which need a key, a certificate and trusted CAs (line 11)",
                "clusters[1].url: no listener serves bins:10.0.0.1:5555; add it to listen (line 12)",
                "clusters[1].priority: must be >= 0, got -1 (line 13)",
                "clusters[1].neighbours[0].colour: unknown key; expected one of id, ping_retries, priority, seed, sip_addr, url (line 15)",
                "clusters[1].neighbours[0].url: must be bin:host:port or bins:host:port (the port is missing), got 'bin:10.0.0.4' (line 15)");
        assertThat(e.getMessage()).startsWith("10 problems in node.yaml:\n  node_id: must be > 0");
    }
}
