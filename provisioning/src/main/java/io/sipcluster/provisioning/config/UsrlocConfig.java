package io.sipcluster.provisioning.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The location table of a node (OpenSIPS usrloc).
 *
 * @param mode how the table is shared (OpenSIPS {@code working_mode_preset} names)
 * @param cluster the cluster it replicates in (OpenSIPS {@code location_cluster}); present exactly in
 *     {@link Mode#FULL_SHARING_CLUSTER}
 * @param table the table's name, carried in every replicated record (OpenSIPS's domain, "location")
 * @param maxContactsPerAor bindings one AoR may hold; the registrar answers 503 beyond it
 * @param maxContacts bindings the whole table may hold
 * @param expiryInterval how often expired bindings are removed (OpenSIPS {@code timer_interval})
 * @param dutyMode which node pings a contact and reports its expiry (OpenSIPS {@code pinging_mode})
 * @param sharingTag the tag written as each binding's owner; required in {@link DutyMode#OWNERSHIP}
 * @param natPing keepalives to contacts behind a NAT, when on
 * @param sql write-through persistence for restarts, when on
 */
public record UsrlocConfig(Mode mode, OptionalInt cluster, String table, int maxContactsPerAor, int maxContacts,
                          Duration expiryInterval, DutyMode dutyMode, Optional<String> sharingTag,
                          Optional<NatPing> natPing, Optional<Sql> sql) {
    public static final String DEFAULT_TABLE = "location";
    public static final int DEFAULT_MAX_CONTACTS_PER_AOR = 32;
    public static final int DEFAULT_MAX_CONTACTS = 1_000_000;
    public static final Duration DEFAULT_EXPIRY_INTERVAL = Duration.ofSeconds(1);

    public UsrlocConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dutyMode, "dutyMode");
        if ((mode == Mode.FULL_SHARING_CLUSTER) != cluster.isPresent()) {
            throw new IllegalArgumentException("a cluster is given exactly in full-sharing-cluster mode");
        }
        if (dutyMode == DutyMode.OWNERSHIP && sharingTag.isEmpty()) {
            throw new IllegalArgumentException("ownership duty mode needs a sharing tag");
        }
    }

    /** A table on this node alone, no persistence: what a {@code sip} section without {@code usrloc} gets. */
    public static UsrlocConfig singleInstance() {
        return new UsrlocConfig(Mode.SINGLE_INSTANCE, OptionalInt.empty(), DEFAULT_TABLE,
                DEFAULT_MAX_CONTACTS_PER_AOR, DEFAULT_MAX_CONTACTS, DEFAULT_EXPIRY_INTERVAL, DutyMode.COOPERATION,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** How the table is shared. */
    public enum Mode {
        /** This node only. */
        SINGLE_INSTANCE("single-instance"),
        /** Every node holds every binding: changes broadcast with {@code usrloc-contact-repl}, sync at start. */
        FULL_SHARING_CLUSTER("full-sharing-cluster");

        private final String fileName;

        Mode(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    /** Which node acts on a shared binding (pings it, reports its expiry). */
    public enum DutyMode {
        /** The AoRs are split by hash over the nodes that are up and synced. */
        COOPERATION("cooperation"),
        /** The node holding the binding's sharing tag active. */
        OWNERSHIP("ownership");

        private final String fileName;

        DutyMode(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    /**
     * NAT keepalives.
     *
     * @param interval each contact behind a NAT is pinged once per interval
     * @param maxPerTick most pings sent in one tick, bounding bursts
     * @param method {@code options} (a SIP OPTIONS) or {@code crlf} (four bytes)
     * @param removeAfterUnanswered remove a binding after this many unanswered pings in a row; 0 = never
     */
    public record NatPing(Duration interval, int maxPerTick, String method, int removeAfterUnanswered) {
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
        public static final int DEFAULT_MAX_PER_TICK = 2_000;
    }

    /**
     * Persistence of the table.
     *
     * @param connection the database (its {@code table} is the location table's)
     * @param flushInterval changes are written at least this often
     * @param batchSize AoRs written per transaction at most
     */
    public record Sql(SqlConfig connection, Duration flushInterval, int batchSize) {
        public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);
        public static final int DEFAULT_BATCH_SIZE = 1_000;
    }
}
