package io.sipcluster.provisioning.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.config.HostPort;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The {@code sip} and {@code usrloc} sections of the node file. */
class SipAndUsrlocConfigTest {
    private final NodeConfigLoaderTest base = new NodeConfigLoaderTest();
    private static final String NODE = NodeConfigLoaderTest.TWO_NODES.replace("    seed: true\n",
            "    seed: true\n    sharing_tags: {vip: active}\n");

    @Test
    void aSipSectionAloneGetsASingleInstanceTable() {
        NodeConfig c = base.load(NODE + """
                sip:
                  listen: [udp:127.0.0.1:5060, tcp:127.0.0.1]
                  registrar: {min_expires: 30, default_expires: 600}
                """);
        SipConfig sip = c.sip().orElseThrow();
        assertThat(sip.listen()).containsExactly(
                new SipConfig.Listen(SipConfig.Transport.UDP, HostPort.parse("127.0.0.1:5060", "")),
                new SipConfig.Listen(SipConfig.Transport.TCP, HostPort.parse("127.0.0.1:5060", "")));
        assertThat(sip.minExpires()).isEqualTo(30);
        assertThat(sip.defaultExpires()).isEqualTo(600);
        assertThat(sip.maxExpires()).isEqualTo(SipConfig.DEFAULT_MAX_EXPIRES);
        assertThat(c.usrloc()).contains(UsrlocConfig.singleInstance());
    }

    @Test
    void aFullSharingTableWithEverySetting() {
        NodeConfig c = base.load(NODE + """
                sip:
                  listen: [udp:127.0.0.1:5060]
                usrloc:
                  mode: full-sharing-cluster
                  cluster: 1
                  max_contacts_per_aor: 4
                  duty_mode: ownership
                  sharing_tag: vip
                  nat_ping: {interval: 20s, method: crlf, remove_after_unanswered: 3}
                  sql: {url: "jdbc:sqlite:loc.db", flush_interval: 50ms, batch_size: 200}
                """);
        UsrlocConfig u = c.usrloc().orElseThrow();
        assertThat(u.mode()).isEqualTo(UsrlocConfig.Mode.FULL_SHARING_CLUSTER);
        assertThat(u.cluster()).isEqualTo(OptionalInt.of(1));
        assertThat(u.maxContactsPerAor()).isEqualTo(4);
        assertThat(u.dutyMode()).isEqualTo(UsrlocConfig.DutyMode.OWNERSHIP);
        assertThat(u.sharingTag()).contains("vip");
        assertThat(u.natPing().orElseThrow()).isEqualTo(new UsrlocConfig.NatPing(Duration.ofSeconds(20),
                UsrlocConfig.NatPing.DEFAULT_MAX_PER_TICK, "crlf", 3));
        UsrlocConfig.Sql sql = u.sql().orElseThrow();
        assertThat(sql.connection().jdbcUrl()).isEqualTo("jdbc:sqlite:/node/loc.db");
        assertThat(sql.connection().table()).isEqualTo("location");
        assertThat(sql.flushInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(sql.batchSize()).isEqualTo(200);
    }

    @Test
    void mistakesAreReportedWithTheirPlace() {
        assertThat(base.onlyProblem(NODE + "sip:\n  listen: [sctp:1.2.3.4:5060]\n"))
                .isEqualTo("sip.listen[0]: must be udp:HOST:PORT or tcp:HOST:PORT, got 'sctp:1.2.3.4:5060' (line 16)");
        assertThat(base.onlyProblem(NODE + "usrloc:\n  mode: full-sharing-cluster\n"))
                .isEqualTo("usrloc.cluster: is required (line 16)");
        assertThat(base.onlyProblem(NODE + "usrloc:\n  mode: full-sharing-cluster\n  cluster: 7\n"))
                .startsWith("usrloc.cluster: cluster 7 is not among this node's clusters [1]");
        assertThat(base.onlyProblem(NODE + "usrloc:\n  mode: full-sharing-cluster\n  cluster: 1\n"
                + "  duty_mode: ownership\n  sharing_tag: nope\n"))
                .startsWith("usrloc.sharing_tag: 'nope' is not declared in cluster 1's sharing_tags [vip]");
        assertThat(base.onlyProblem(NODE + "usrloc:\n  duty_mode: ownership\n"))
                .startsWith("usrloc.duty_mode: ownership needs sharing_tag");
        assertThat(base.onlyProblem(NODE + "usrloc:\n  mode: federation\n"))
                .startsWith("usrloc.mode: must be single-instance or full-sharing-cluster, got 'federation'");
        assertThat(base.onlyProblem(NODE + "sip:\n  listen: [udp:127.0.0.1]\n  registrar: {min_expires: 5000}\n"))
                .startsWith("sip.registrar.default_expires: need min_expires <= default_expires <= max_expires");
    }
}
