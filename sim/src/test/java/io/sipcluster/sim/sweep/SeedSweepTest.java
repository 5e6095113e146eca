package io.sipcluster.sim.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed sweep in the default suite: a small sweep that must pass, plus the generator's and the runner's own
 * guarantees. Thousands of seeds are run with {@code sim/run-sweep.sh} (see docs/simulation.md).
 */
class SeedSweepTest {

    /** Seeds 1-30 (3-10 nodes, both profiles, both provisionings, up to 10 faults each) pass. */
    @Test
    @Timeout(60)
    void thirtySeedsKeepSafetyAndLiveness() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SweepSummary summary = SeedSweep.run(new SweepOptions(30, 1, 3, 10, 50, false, false),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(summary.seedsRun()).as("stopped early: %s", printed).isEqualTo(30);
        assertThat(summary.failures()).as(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(summary.simulatedMillis()).as("each seed runs well past one node timeout")
                .isGreaterThan(30 * 5_000L);
    }

    @Test
    void theSameSeedGivesTheSameScenarioAndTheSameOutcome() {
        ScenarioGenerator generator = new ScenarioGenerator(3, 10);
        Scenario a = generator.generate(17);
        Scenario b = generator.generate(17);
        assertThat(a).isEqualTo(b);
        assertThat(a.describe()).isEqualTo(b.describe());
        Outcome first = new ScenarioRunner().run(a);
        Outcome second = new ScenarioRunner().run(b);
        assertThat(second.actions()).isEqualTo(first.actions());
        assertThat(second.healToSettledMillis()).isEqualTo(first.healToSettledMillis());
        assertThat(generator.generate(18)).isNotEqualTo(a);
    }

    @ParameterizedTest(name = "seeds from {0}")
    @ValueSource(longs = {1, 1_000, 1_000_000})
    void generatedSchedulesAreOnesARealClusterCouldGoThrough(long firstSeed) {
        ScenarioGenerator generator = new ScenarioGenerator(3, 10);
        for (long seed = firstSeed; seed < firstSeed + 200; seed++) {
            Scenario s = generator.generate(seed);
            assertThat(s.nodes()).isBetween(3, 10);
            assertThat(s.faults()).hasSizeLessThanOrEqualTo(ScenarioGenerator.MAX_FAULTS + s.nodes() + 1);
            assertThat(s.maxLatencyMillis()).isLessThanOrEqualTo(s.profile().maxOneWayLatencyMillis());
            assertThat(s.faults()).isSortedAccordingTo((x, y) -> Long.compare(x.atMillis(), y.atMillis()));
            assertThat(s.faults().get(s.faults().size() - 1)).isInstanceOf(Fault.Heal.class);
            assertNodeLifecycleIsConsistent(s);
        }
    }

    /** Only live nodes crash or pause, only dead ones restart, and a join-through-seed cluster ends with its seed. */
    private static void assertNodeLifecycleIsConsistent(Scenario s) {
        boolean[] dead = new boolean[s.nodes() + 1];
        for (Fault f : s.faults()) {
            if (f instanceof Fault.Crash c) {
                assertThat(dead[c.node()]).as(s.describe()).isFalse();
                dead[c.node()] = true;
            } else if (f instanceof Fault.Restart r) {
                assertThat(dead[r.node()]).as(s.describe()).isTrue();
                dead[r.node()] = false;
            } else if (f instanceof Fault.Pause p) {
                assertThat(dead[p.node()]).as(s.describe()).isFalse();
            }
        }
        if (s.provisioning() == Provisioning.JOIN_THROUGH_SEED) {
            assertThat(dead[Provisioning.SEED_NODE]).as(s.describe()).isFalse();
        }
    }

    @Test
    void aRunOverItsActionBudgetFailsAndItsReportNamesTheSeedAndTheSchedule() {
        Scenario s = new ScenarioGenerator(5, 5).generate(3);
        Outcome o = new ScenarioRunner(1_000).run(s);
        assertThat(o.verdict()).isEqualTo(Outcome.Verdict.ACTION_BUDGET_EXHAUSTED);
        assertThat(o.actions()).isLessThanOrEqualTo(1_001);
        assertThat(o.failureReport()).contains("seed 3", "heal", "more than 1000 actions");
    }

    @Test
    void aSweepCanStopAtItsFirstFailure() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // A budget no scenario fits in: every seed fails, and the sweep stops at the first.
        SweepSummary summary = SeedSweep.run(new SweepOptions(10, 40, 3, 10, 0, true, false),
                new ScenarioRunner(100), new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(summary.seedsRun()).isEqualTo(1);
        assertThat(summary.failures()).extracting(Outcome::seed).containsExactly(40L);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("FAILED ACTION_BUDGET_EXHAUSTED at seed 40");
    }

    @Test
    void optionsAreParsedFromTheCommandLine() {
        assertThat(SweepOptions.parse("100", "7")).isEqualTo(new SweepOptions(100, 7, 3, 10, 0, false, false));
        assertThat(SweepOptions.parse("--stop-on-failure", "5000", "1", "4-24", "600", "--verbose"))
                .isEqualTo(new SweepOptions(5000, 1, 4, 24, 600, true, true));
        assertThatThrownBy(() -> SweepOptions.parse("100")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SweepOptions.parse("1", "1", "10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SweepOptions.parse("1", "1", "--fast")).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ failures the sweep found, now fixed
    // `sim/run-sweep.sh 10000 1` found 73 of 10,000 seeds failing, in three classes (docs/simulation.md); one seed
    // per class stays here.

    /**
     * Zero-millisecond round trips (49 of the 73). FAST, 3 nodes, latency 0-1 ms: a pong that arrived in the same
     * millisecond as its ping gave a reply delay of 0, which {@code Link} read as "no pong since the ping", so an
     * answered link was retried and announced down every few hundred ms, forever. {@code Link} now keeps a flag
     * for "a pong came after the last ping".
     */
    @Test
    void seed364_zeroMillisecondRoundTripsMakeLinksFlap() {
        assertPasses(364);
    }

    /**
     * A restarted node's previous incarnation came back (19 of the 73 routed to a dead node through a link that did
     * not exist). 8 nodes, defaults: node 7 is paused for 17.6 s while node 3 crashes and restarts. When node 7
     * resumes, it processes and floods node 3's old updates (ls seq 5 and 6, old timestamps); nodes that had
     * forgotten node 3's sequence numbers, or held the new incarnation's lower ones, accepted them because a higher
     * sequence number won whatever its timestamp, and node 3's own later updates were then dropped as stale. Now
     * updates are ordered by (timestamp, sequence number), so the old ones lose to the new incarnation's; an
     * unreachable node's links are forgotten with its numbers; and every node re-announces its own links
     * periodically, which repairs what is still wrong (also link state lost behind a silent cut, seeds 600, 9582).
     */
    @Test
    void seed9330_aRestartedNodesOldLinksOutliveIt() {
        assertPasses(9330);
    }

    /**
     * Crossed link-down announcements (5 of the 73). FAST, 6 nodes, latency exactly 25 ms: when the link 2-6 came up
     * on one side, the other side's older "link down" announcement, relayed by a third node, arrived 50 ms later,
     * and the OpenSIPS rule "the sender disagrees about our link: probe again" took it down; the same happened the
     * other way round, every 100 ms, forever. Now an up link stays up and the peer is just pinged.
     */
    @Test
    void seed8339_crossedLinkDownAnnouncementsKeepALinkFlapping() {
        assertPasses(8339);
    }

    /** The rest of the seeds of the two classes fixed last. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {600, 1894, 3223, 5547, 7189, 7687, 9428, 9582, 1661, 3896, 6260, 6897})
    void otherSeedsOfTheFixedClasses(long seed) {
        assertPasses(seed);
    }

    private static void assertPasses(long seed) {
        Outcome o = new ScenarioRunner().run(new ScenarioGenerator(3, 10).generate(seed));
        assertThat(o.passed()).as(o.failureReport()).isTrue();
    }
}
