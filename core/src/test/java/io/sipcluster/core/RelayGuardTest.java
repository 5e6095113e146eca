package io.sipcluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.wire.Capability;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The local hop limit: how often one packet may be relayed, and the memory that costs. */
class RelayGuardTest {
    private final RelayGuard guard = new RelayGuard();

    @Test
    void theSamePacketIsRelayedAtMostEightTimesAWindowThenAgainInTheNext() {
        for (int i = 0; i < RelayGuard.MAX_RELAYS_PER_WINDOW; i++) {
            assertThat(guard.admit(42L, i)).as("relay %d", i).isTrue();
        }
        assertThat(guard.admit(42L, 10)).isFalse();
        assertThat(guard.admit(42L, RelayGuard.WINDOW_MILLIS - 1)).isFalse();
        assertThat(guard.admit(43L, 20)).as("another packet has its own count").isTrue();

        assertThat(guard.admit(42L, RelayGuard.WINDOW_MILLIS)).isTrue();
    }

    /** The rate limit module re-sends identical counters every 200 ms: none of them may be lost. */
    @Test
    void aPacketRepeatedFiveTimesASecondIsNeverRefused() {
        for (long t = 0; t < 60_000; t += 200) {
            assertThat(guard.admit(7L, t)).as("at %d ms", t).isTrue();
        }
    }

    @Test
    void aFloodOfDistinctPacketsKeepsTheTableBoundedAndRefusesNone() {
        for (long i = 0; i < 1_000_000; i++) {
            assertThat(guard.admit(i * 0x9e3779b97f4a7c15L, i / 1000)).isTrue();
            if (guard.size() > RelayGuard.MAX_ENTRIES) {
                throw new AssertionError("table grew to " + guard.size() + " entries");
            }
        }
        assertThat(guard.size()).isEqualTo(RelayGuard.MAX_ENTRIES);
    }

    @Test
    void expiredWindowsAreForgotten() {
        for (int i = 0; i < 100; i++) {
            guard.admit(i, 0);
        }
        guard.admit(1_000L, RelayGuard.WINDOW_MILLIS);
        assertThat(guard.size()).isEqualTo(1);
    }

    @Test
    void digestsTellPacketsApartByEveryField() {
        PacketDigest digest = new PacketDigest();
        Set<Long> seen = new HashSet<>();
        Capability cap = Capability.of("test-kv-repl");
        for (int src = 1; src <= 10; src++) {
            for (int dst = 1; dst <= 10; dst++) {
                for (int v = 0; v < 50; v++) {
                    seen.add(digest.of(new ModulePacket(cap, 1, 1, Str.of("value-" + v), new Trailer.Node(1, src, dst))));
                }
            }
        }
        assertThat(seen).hasSize(10 * 10 * 50);
        ModulePacket p = new ModulePacket(cap, 1, 1, Str.of("same"), new Trailer.Node(1, 2, 3));
        assertThat(digest.of(p)).isEqualTo(digest.of(new ModulePacket(cap, 1, 1, Str.of("same"),
                new Trailer.Node(1, 2, 3))));
    }
}
