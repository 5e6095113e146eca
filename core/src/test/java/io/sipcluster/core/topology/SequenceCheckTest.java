package io.sipcluster.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceCheckTest {
    private static final int T = 1_795_321_400;

    @Test
    void anythingIsNewerThanNothing() {
        assertThat(SequenceCheck.isNewer(SequenceCheck.NONE, 0, 0, T)).isTrue();
        assertThat(SequenceCheck.isNewer(SequenceCheck.NONE, T, 17, T - 100)).isTrue();
    }

    @Test
    void withinOneSecondHigherSequenceNumbersAreNewer() {
        assertThat(SequenceCheck.isNewer(3, T, 4, T)).isTrue();
        assertThat(SequenceCheck.isNewer(3, T, 3, T)).isFalse();
        assertThat(SequenceCheck.isNewer(3, T, 2, T)).isFalse();
    }

    @Test
    void aLaterStampWithALowerNumberIsANewIncarnation() {
        assertThat(SequenceCheck.isNewer(57, T, 0, T + 1)).isTrue();
        assertThat(SequenceCheck.isNewer(57, T, 2, T + 5)).isTrue();
        assertThat(SequenceCheck.isNewer(57, T, 57, T + 1)).isTrue();
    }

    @Test
    void anEarlierStampWithAHigherNumberIsAStaleMessageOfAPreviousIncarnation() {
        // Seed 9330: a restarted node holds (2, T); its previous incarnation's (6, T - 20) is replayed.
        assertThat(SequenceCheck.isNewer(2, T, 6, T - 20)).isFalse();
        assertThat(SequenceCheck.isNotOlder(2, T, 6, T - 20)).isFalse();
    }

    @Test
    void aZeroIsARestartOnlyWhenStampedLater() {
        assertThat(SequenceCheck.isNewer(5, T, 0, T + 1)).isTrue();
        // An old 0 that travelled a longer path arrives after newer updates: not a restart (OpenSIPS accepts it).
        assertThat(SequenceCheck.isNewer(5, T, 0, T)).isFalse();
        assertThat(SequenceCheck.isNewer(0, T, 0, T)).isFalse();
        assertThat(SequenceCheck.isNewer(0, T, 0, T + 1)).isTrue();
    }

    @Test
    void theSameStateIsNotNewerButNotOlderEither() {
        assertThat(SequenceCheck.isNewer(4, T, 4, T)).isFalse();
        assertThat(SequenceCheck.isNotOlder(4, T, 4, T)).isTrue();
        assertThat(SequenceCheck.isNotOlder(4, T, 3, T)).isFalse();
    }

    @Test
    void withoutATimestampOpenSipsRuleDecides() {
        // OpenSIPS sends 0 as the timestamp of the sender's own FULL_TOP_UPDATE entry and relays what it stored.
        assertThat(SequenceCheck.isNewer(4, T, 5, SequenceCheck.UNKNOWN_TIME)).isTrue();
        assertThat(SequenceCheck.isNewer(4, T, 3, SequenceCheck.UNKNOWN_TIME)).isFalse();
        assertThat(SequenceCheck.isNewer(4, SequenceCheck.UNKNOWN_TIME, 3, T)).isFalse();
        assertThat(SequenceCheck.isNewer(4, SequenceCheck.UNKNOWN_TIME, 0, T)).isTrue();
        assertThat(SequenceCheck.isNewer(0, SequenceCheck.UNKNOWN_TIME, 0, SequenceCheck.UNKNOWN_TIME)).isFalse();
    }
}
