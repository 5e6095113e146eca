package io.sipcluster.provisioning.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.config.HostPort;
import io.sipcluster.provisioning.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code calls} section of the node file. */
class CallsConfigTest {
    private final NodeConfigLoaderTest base = new NodeConfigLoaderTest();
    private static final String NODE = NodeConfigLoaderTest.TWO_NODES.replace("    seed: true\n",
            "    seed: true\n    sharing_tags: {vip: active}\n") + """
            sip:
              listen: [udp:127.0.0.1:5060]
            """;

    @Test
    void everySettingIsRead() {
        CallsConfig c = base.load(NODE + """
                calls:
                  record_route: "sip:192.0.2.10:5060;lr"
                  addresses: ["192.0.2.11", "192.0.2.12:5070"]
                  domains: [example.com]
                  relay: true
                  invite_timeout: 30s
                  floating: {address: "192.0.2.10:5060", sharing_tag: vip}
                  dialog: {cluster: 1, sharing_tag: vip, default_timeout: 2h, max_dialogs: 5000, wire_version: 4,
                           handover: 10s, ping_interval: 30s}
                  limits:
                    - {profile: caller, key: from_user, max: 5, status: 486}
                    - {profile: calls}
                  profile_cluster: 1
                  pipes:
                    - {name: cps, algorithm: SBT, limit: 200}
                  pipe_cluster: 1
                  cdr: {csv: cdr.csv}
                """).calls().orElseThrow();
        assertThat(c.recordRoute()).contains("sip:192.0.2.10:5060;lr");
        assertThat(c.addresses()).containsExactly(HostPort.parse("192.0.2.11:5060", ""),
                HostPort.parse("192.0.2.12:5070", ""));
        assertThat(c.relay()).isTrue();
        assertThat(c.inviteTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.floating().orElseThrow().sharingTag()).isEqualTo("vip");
        assertThat(c.dialog().wireVersion()).isEqualTo(4);
        assertThat(c.dialog().defaultTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(c.dialog().pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.limits()).containsExactly(new CallsConfig.Limit("caller", "from_user", 5, 486),
                new CallsConfig.Limit("calls", "none", 0, 486));
        assertThat(c.pipes()).containsExactly(new CallsConfig.Pipe("cps", "sbt", 200, Duration.ofSeconds(1), 503));
        assertThat(c.cdr().csv()).isPresent();
        assertThat(c.cdr().sql()).isEmpty();
    }

    @Test
    void defaultsAreSafe() {
        CallsConfig c = base.load(NODE + "calls: {}\n").calls().orElseThrow();
        assertThat(c.relay()).isFalse();
        assertThat(c.dialog()).isEqualTo(CallsConfig.Dialog.DEFAULTS);
        assertThat(c.pipes()).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithItsPlace() {
        List<String> p = base.problems(NODE + """
                calls:
                  record_route: "sip:192.0.2.10:5060"
                  dialog: {wire_version: 6}
                  limits: [{profile: x, key: from_tag}]
                  pipes: [{name: p, algorithm: network, limit: 10}]
                """).stream().map(Problem::toString).toList();
        assertThat(p).hasSize(4);
        assertThat(String.join("\n", p)).contains("calls.record_route", ";lr", "calls.dialog.wire_version",
                "calls.limits[0].key", "calls.pipes[0].algorithm");
        assertThat(base.problems(NodeConfigLoaderTest.TWO_NODES + "calls: {}\n").toString())
                .contains("calls need a sip section");
        List<String> clusters = base.problems(NODE + """
                calls:
                  floating: {address: "192.0.2.10", sharing_tag: vipp}
                  dialog: {cluster: 1, sharing_tag: vip}
                  pipe_cluster: 7
                """).stream().map(Problem::toString).toList();
        assertThat(String.join("\n", clusters)).contains("calls.pipe_cluster: cluster 7 is not among",
                "calls.floating.sharing_tag: 'vipp' is not declared in cluster 1's sharing_tags [vip]");
        assertThat(clusters).hasSize(2);
    }
}
