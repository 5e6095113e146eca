package io.sipcluster.sim.bench;

import java.util.ArrayList;
import java.util.List;

/** Min, median, p99 and max of a set of samples; percentiles by nearest rank, so every value is a real sample. */
record Distribution(int count, long min, long median, long p99, long max) {
    static Distribution of(List<Long> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Long> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        return new Distribution(sorted.size(), sorted.get(0), rank(sorted, 0.50), rank(sorted, 0.99),
                sorted.get(sorted.size() - 1));
    }

    private static long rank(List<Long> sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
