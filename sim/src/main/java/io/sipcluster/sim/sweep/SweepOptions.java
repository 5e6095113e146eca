package io.sipcluster.sim.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep runs: {@code count} seeds from {@code firstSeed}, clusters of {@code minNodes..maxNodes} nodes,
 * stopping early after {@code maxWallSeconds} of real time (0: no limit) or, with {@code stopOnFailure}, at the
 * first failing seed.
 */
public record SweepOptions(int count, long firstSeed, int minNodes, int maxNodes, long maxWallSeconds,
                           boolean stopOnFailure, boolean verbose) {
    public static final String USAGE = """
            usage: SeedSweep [--stop-on-failure] [--verbose] <seeds> <first-seed> [<min>-<max>] [<max wall s>]
              e.g. SeedSweep 1000 1              1000 seeds from 1, 3-10 nodes, no time limit
                   SeedSweep 5000 1 3-10 600     stop starting new seeds after 10 minutes
                   SeedSweep 1 4711 --verbose    rerun one seed and print its schedule""";

    public SweepOptions {
        if (count < 0) {
            throw new IllegalArgumentException("number of seeds must be >= 0");
        }
        if (minNodes < 2 || maxNodes < minNodes) {
            throw new IllegalArgumentException("node range must be 2 <= min <= max");
        }
        if (maxWallSeconds < 0) {
            throw new IllegalArgumentException("max wall seconds must be >= 0");
        }
    }

    /** Parses the command line; IllegalArgumentException with the reason on anything it does not understand. */
    public static SweepOptions parse(String... args) {
        boolean stop = false;
        boolean verbose = false;
        List<String> positional = new ArrayList<>();
        for (String a : args) {
            switch (a) {
                case "--stop-on-failure" -> stop = true;
                case "--verbose" -> verbose = true;
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    positional.add(a);
                }
            }
        }
        if (positional.size() < 2 || positional.size() > 4) {
            throw new IllegalArgumentException("expected 2 to 4 arguments, got " + positional.size());
        }
        int count = Integer.parseInt(positional.get(0));
        long first = Long.parseLong(positional.get(1));
        int min = 3;
        int max = 10;
        if (positional.size() >= 3) {
            String[] range = positional.get(2).split("-", 2);
            if (range.length != 2) {
                throw new IllegalArgumentException("node range must look like 3-10, got " + positional.get(2));
            }
            min = Integer.parseInt(range[0]);
            max = Integer.parseInt(range[1]);
        }
        long wall = positional.size() == 4 ? Long.parseLong(positional.get(3)) : 0;
        return new SweepOptions(count, first, min, max, wall, stop, verbose);
    }
}
