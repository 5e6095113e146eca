package io.sipcluster.app.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.app.node.RunningNode;
import io.sipcluster.app.testing.FreePorts;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose location table is persisted in SQLite gets its registrations back after a restart. */
class RegistrationsSqlTest {
    @TempDir
    Path dir;

    @Test
    void registrationsSurviveARestartThroughTheDatabase() throws Exception {
        int bin = FreePorts.tcp();
        int sip = FreePorts.udp();
        Files.writeString(dir.resolve("node.yaml"), """
                node_id: 1
                listen: [bin:127.0.0.1:%d]
                clusters:
                  - id: 1
                    url: bin:127.0.0.1:%d
                management: {enabled: false}
                sip:
                  listen: [udp:127.0.0.1:%d]
                usrloc:
                  sql: {url: "jdbc:sqlite:location.db", flush_interval: 20ms}
                """.formatted(bin, bin, sip));
        long now = System.currentTimeMillis() / 1000;
        ContactMatch byUri = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());
        java.util.Map<Str, List<Binding>> before;
        try (RunningNode node = RunningNode.start(dir.resolve("node.yaml"))) {
            LocationService location = node.registrations().orElseThrow().location();
            for (int i = 0; i < 500; i++) {
                location.register(Str.of("u" + i + "@example.com"), Binding.of("sip:u" + i + "@10.0.0.1", "c" + i, 1,
                        now + 600, 1000, now).withOwnerTag("vip"), byUri);
            }
            location.removeAor(Str.of("u42@example.com"));
            before = location.dump(1_000);
            assertThat(node.registrations().orElseThrow().writer().orElseThrow().flush(Duration.ofSeconds(10)))
                    .isTrue();
        }
        assertThat(Files.exists(dir.resolve("location.db"))).as("relative to the node file").isTrue();
        try (RunningNode again = RunningNode.start(dir.resolve("node.yaml"))) {
            LocationService location = again.registrations().orElseThrow().location();
            assertThat(location.contactCount()).isEqualTo(499);
            assertThat(new java.util.HashMap<>(location.dump(1_000))).isEqualTo(new java.util.HashMap<>(before));
        }
    }
}
