package io.sipcluster.usrloc;

/**
 * Bounds and timings of a {@link LocationTable}.
 *
 * @param maxContactsPerAor bindings one AoR may hold; an insert beyond it is refused
 * @param maxContacts bindings the whole table may hold; an insert beyond it is refused
 * @param maxTombstones remembered deletes; beyond it the oldest is forgotten
 * @param tombstoneSeconds how long a delete is remembered
 * @param cseqDelaySeconds OpenSIPS {@code cseq_delay}: an equal CSeq within this many seconds of the binding's last
 *     change is a retransmission
 */
public record UsrlocLimits(int maxContactsPerAor, int maxContacts, int maxTombstones, long tombstoneSeconds,
                           long cseqDelaySeconds) {
    public static final UsrlocLimits DEFAULTS = new UsrlocLimits(32, 1_000_000, 100_000, 3_600, 20);

    public UsrlocLimits {
        if (maxContactsPerAor < 1 || maxContacts < 1 || maxTombstones < 0 || tombstoneSeconds < 0
                || cseqDelaySeconds < 0) {
            throw new IllegalArgumentException("usrloc limits must be positive: " + this);
        }
    }
}
