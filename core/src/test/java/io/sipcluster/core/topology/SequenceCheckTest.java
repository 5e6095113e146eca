package io.sipcluster.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceCheckTest {
    private static final int T = 1_795_321_400;

    @Test
    void anythingIsNewerThanNothing() {
        assertThat(SequenceCheck.isNewer(SequenceCheck.NONE, 0, 0, T)).isTrue();
        assertThat(SequenceCheck.isNewer(SequenceCheck.NONE, 0, 17, T)).isTrue();
    }

    @Test
    void higherSequenceNumbersAreNewer() {
        assertThat(SequenceCheck.isNewer(3, T, 4, T)).isTrue();
        assertThat(SequenceCheck.isNewer(3, T, 3, T)).isFalse();
        assertThat(SequenceCheck.isNewer(3, T, 2, T + 5)).isFalse();
    }

    @Test
    void aZeroIsARestartOnlyWhenStampedLater() {
        assertThat(SequenceCheck.isNewer(5, T, 0, T + 1)).isTrue();
        // An old 0 that travelled a longer path arrives after newer updates: not a restart (OpenSIPS accepts it).
        assertThat(SequenceCheck.isNewer(5, T, 0, T)).isFalse();
        assertThat(SequenceCheck.isNewer(0, T, 0, T)).isFalse();
    }

    @Test
    void timestampsKeptNeverGoBack() {
        assertThat(SequenceCheck.keptTimestamp(T, 0)).isEqualTo(T);
        assertThat(SequenceCheck.keptTimestamp(T, T + 2)).isEqualTo(T + 2);
    }
}
