package io.sipcluster.app.inspect.pcap;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How many frames were skipped for each reason, with the first example of each so an operator can look at it. */
public final class SkipCounts {
    /** @param firstFrame the 1-based number of the first frame skipped for this reason */
    public record Entry(SkipReason reason, int count, int firstFrame, String firstDetail) {
        @Override
        public String toString() {
            return count + " frame(s) skipped: " + reason.description() + " (first: frame " + firstFrame + ", "
                    + firstDetail + ")";
        }
    }

    private final Map<SkipReason, Entry> entries = new EnumMap<>(SkipReason.class);

    void add(SkipReason reason, int frame, String detail) {
        entries.merge(reason, new Entry(reason, 1, frame, detail),
                (old, fresh) -> new Entry(reason, old.count() + 1, old.firstFrame(), old.firstDetail()));
    }

    public int count(SkipReason reason) {
        Entry e = entries.get(reason);
        return e == null ? 0 : e.count();
    }

    public int total() {
        return entries.values().stream().mapToInt(Entry::count).sum();
    }

    /** One entry per reason that occurred, in the order of {@link SkipReason}. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    @Override
    public String toString() {
        return entries.values().toString();
    }
}
