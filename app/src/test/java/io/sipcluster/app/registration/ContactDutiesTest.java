package io.sipcluster.app.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sipcluster.app.node.RunningNode;
import io.sipcluster.app.testing.FreePorts;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes sharing a location table: each expiry is reported by exactly one of them, in both duty modes. */
class ContactDutiesTest {
    private static final ContactMatch BY_URI = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());

    @TempDir
    Path dir;

    private final List<RunningNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(RunningNode::close);
    }

    private void startPair(String dutyLines) throws Exception {
        int[] bin = new int[3];
        int[] sip = new int[3];
        for (int id = 1; id <= 2; id++) {
            bin[id] = FreePorts.tcp();
            sip[id] = FreePorts.udp();
        }
        for (int id = 1; id <= 2; id++) {
            Files.writeString(dir.resolve("node" + id + ".yaml"), """
                    node_id: %d
                    listen: [bin:127.0.0.1:%d]
                    timings: fast
                    clusters:
                      - id: 1
                        url: bin:127.0.0.1:%d
                        seed: %s
                        neighbours: [{id: %d, url: "bin:127.0.0.1:%d"}]
                        sharing_tags: {vip: %s}
                    management: {enabled: false}
                    sip:
                      listen: [udp:127.0.0.1:%d]
                    usrloc:
                      mode: full-sharing-cluster
                      cluster: 1
                      expiry_interval: 100ms
                    %s
                    """.formatted(id, bin[id], bin[id], id == 1, 3 - id, bin[3 - id], id == 1 ? "active" : "backup",
                    sip[id], dutyLines));
        }
        for (int id = 1; id <= 2; id++) {
            nodes.add(RunningNode.start(dir.resolve("node" + id + ".yaml")));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> nodes.get(0).node().view(1).reachable().contains(2)
                && nodes.get(1).node().view(1).reachable().contains(1)
                && duty(0).equals("AoR share 1 of 2") == dutyLines.isBlank()
                && !duty(1).equals("every binding"));
    }

    private String duty(int i) {
        return nodes.get(i).registrations().orElseThrow().duty().toString();
    }

    private long reported(int i) {
        return nodes.get(i).registrations().orElseThrow().expiriesReported();
    }

    /** 1,000 bindings registered on node 1 that expire in 2 s, owned by {@code tag} (or none). */
    private void shortLivedBindings(String tag) {
        LocationService location = nodes.get(0).registrations().orElseThrow().location();
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 1_000; i++) {
            location.register(Str.of("u" + i + "@example.com"), Binding.of("sip:u" + i + "@10.0.0.1", "c" + i, 1,
                    now + 2, 1000, now).withOwnerTag(tag), BY_URI);
        }
        LocationService other = nodes.get(1).registrations().orElseThrow().location();
        await().atMost(Duration.ofSeconds(10)).until(() -> other.contactCount() == 1_000);
    }

    @Test
    void inCooperationTheNodesSplitTheExpiries() throws Exception {
        startPair("");
        assertThat(List.of(duty(0), duty(1))).containsExactly("AoR share 1 of 2", "AoR share 2 of 2");
        shortLivedBindings("");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(List.of(reported(0) + reported(1),
                nodes.get(0).registrations().orElseThrow().location().contactCount(),
                nodes.get(1).registrations().orElseThrow().location().contactCount())).containsExactly(1_000L, 0, 0));
        assertThat(reported(0)).isBetween(400L, 600L);
        assertThat(reported(1)).isEqualTo(1_000 - reported(0));
    }

    @Test
    void inOwnershipTheNodeHoldingTheTagReportsThem() throws Exception {
        startPair("  duty_mode: ownership\n  sharing_tag: vip");
        shortLivedBindings("vip");
        await().atMost(Duration.ofSeconds(10)).until(() -> reported(0) == 1_000
                && nodes.get(1).registrations().orElseThrow().location().contactCount() == 0);
        assertThat(reported(1)).isZero();
    }
}
