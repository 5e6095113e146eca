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
    void linksAreReannouncedEveryHalfNodeTimeoutUnlessSaidOtherwise() {
        assertThat(Timings.OPENSIPS_DEFAULTS.refreshMillis()).isEqualTo(30_000);
        assertThat(Timings.FAST.refreshMillis()).isEqualTo(2_500);
        assertThat(new Timings(4_000, 1_000, 0).refreshMillis()).as("at least the ping interval").isEqualTo(4_000);
        assertThat(new Timings(4_000, 1_000, 60_000, 10_000).refreshMillis()).isEqualTo(10_000);
    }

    @Test
    void impossibleTimingsAreRefused() {
        assertThatThrownBy(() -> new Timings(0, 100, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Timings(1_000, 1_000, 1_000)).hasMessageContaining("shorter");
        assertThatThrownBy(() -> new Timings(1_000, 100, 1_000, 500)).hasMessageContaining("refresh");
    }
}
