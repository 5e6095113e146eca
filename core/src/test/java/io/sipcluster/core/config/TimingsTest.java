package io.sipcluster.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimingsTest {
    @Test
    void theTickIsTheGcdOfTheDurations() {
        assertThat(Timings.OPENSIPS_DEFAULTS.tickMillis()).isEqualTo(1_000);
        assertThat(Timings.FAST.tickMillis()).isEqualTo(50);
        assertThat(new Timings(4_000, 1_500, 60_000).tickMillis()).isEqualTo(500);
    }

    @Test
    void theFastProfileDetectsASilentNodeInUnderASecond() {
        assertThat(Timings.FAST.worstCaseDetectionMillis(NodeDescriptor.DEFAULT_PING_RETRIES)).isLessThan(1_000);
        assertThat(Timings.OPENSIPS_DEFAULTS.worstCaseDetectionMillis(3)).isEqualTo(9_000);
    }

    @Test
    void impossibleTimingsAreRefused() {
        assertThatThrownBy(() -> new Timings(0, 100, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Timings(1_000, 1_000, 1_000)).hasMessageContaining("shorter");
    }
}
