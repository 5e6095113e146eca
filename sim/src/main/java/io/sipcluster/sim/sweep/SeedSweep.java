package io.sipcluster.sim.sweep;

import java.io.PrintStream;

/**
 * Runs many random fault scenarios, one per seed, and reports the seeds that break safety or liveness.
 *
 * <p>Exit status: 0 when every seed passed, 1 when any failed, 2 on bad arguments. A failing seed is rerun alone
 * with {@code SeedSweep 1 <seed> --verbose}. See {@code docs/simulation.md}.
 */
public final class SeedSweep {
    private SeedSweep() {}

    public static void main(String[] args) {
        SweepOptions options;
        try {
            options = SweepOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SweepOptions.USAGE);
            System.exit(2);
            return;
        }
        SweepSummary summary = run(options, System.out);
        summary.print(System.out);
        System.exit(summary.failures().isEmpty() ? 0 : 1);
    }

    /** The sweep itself, without exiting: what the test calls. Failures are printed as they happen. */
    public static SweepSummary run(SweepOptions options, PrintStream out) {
        return run(options, new ScenarioRunner(), out);
    }

    /** With a given runner (a test passes one with a tiny action budget, to see failures handled). */
    static SweepSummary run(SweepOptions options, ScenarioRunner runner, PrintStream out) {
        ScenarioGenerator generator = new ScenarioGenerator(options.minNodes(), options.maxNodes());
        SweepSummary summary = new SweepSummary();
        long start = System.nanoTime();
        long wallLimitNanos = options.maxWallSeconds() * 1_000_000_000L;
        for (int i = 0; i < options.count(); i++) {
            if (wallLimitNanos > 0 && System.nanoTime() - start >= wallLimitNanos) {
                summary.stoppedEarly("wall-time limit of " + options.maxWallSeconds() + " s reached after "
                        + i + " of " + options.count() + " seeds");
                break;
            }
            Scenario scenario = generator.generate(options.firstSeed() + i);
            if (options.verbose()) {
                out.print(scenario.describe());
            }
            Outcome outcome = runner.run(scenario);
            summary.add(outcome);
            if (options.verbose()) {
                out.printf("seed %d: %s, heal to settled %d ms, %d actions, %.2f s wall%n", outcome.seed(),
                        outcome.verdict(), outcome.healToSettledMillis(), outcome.actions(),
                        outcome.wallNanos() / 1e9);
            }
            if (!outcome.passed()) {
                out.println(outcome.failureReport());
                if (options.stopOnFailure()) {
                    summary.stoppedEarly("--stop-on-failure at seed " + outcome.seed());
                    break;
                }
            }
        }
        summary.wallNanos(System.nanoTime() - start);
        return summary;
    }
}
