package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Calls through a node: the proxy, dialogs, call limits, rate limits and CDRs (the node file's {@code calls}).
 *
 * @param recordRoute   the Record-Route URI; empty: this node's first UDP listener
 * @param addresses     more addresses that are this proxy (the floating address, the other nodes)
 * @param domains       domains whose users are looked up here, besides the proxy's own addresses
 * @param relay         forward initial requests for other domains (off: 403)
 * @param inviteTimeout how long a branch may ring (Timer C)
 * @param floating      a SIP socket opened only while a sharing tag is active here (the pair's shared address)
 * @param dialog        dialog keeping and replication
 * @param limits        profiles every call joins, with their limits
 * @param profileCluster the cluster where profile counts are broadcast ({@code dialog-prof-repl})
 * @param pipes         rate-limit pipes every initial INVITE passes
 * @param pipeCluster   the cluster where pipe counters are broadcast ({@code ratelimit-pipe-repl})
 * @param cdr           where call detail records go
 */
public record CallsConfig(Optional<String> recordRoute, List<HostPort> addresses, List<String> domains, boolean relay,
                          Duration inviteTimeout, Optional<Floating> floating, Dialog dialog, List<Limit> limits,
                          OptionalInt profileCluster, List<Pipe> pipes, OptionalInt pipeCluster, Cdr cdr) {
    public static final Duration DEFAULT_INVITE_TIMEOUT = Duration.ofSeconds(120);

    public CallsConfig {
        addresses = List.copyOf(addresses);
        domains = List.copyOf(domains);
        limits = List.copyOf(limits);
        pipes = List.copyOf(pipes);
        Objects.requireNonNull(dialog, "dialog");
        Objects.requireNonNull(cdr, "cdr");
    }

    /** A UDP socket bound while {@code sharingTag} is active on this node, closed when it goes backup. */
    public record Floating(HostPort address, String sharingTag) {}

    /**
     * @param cluster        replicate dialogs in this cluster ({@code dialog-dlg-repl}); empty: not replicated
     * @param sharingTag     the tag set on every dialog created here
     * @param defaultTimeout how long a confirmed call may last
     * @param maxDialogs     beyond this many, new calls get 503
     * @param wireVersion    the {@code dialog-dlg-repl} version sent: 5 (OpenSIPS master), or 4 (OpenSIPS 3.6)
     * @param handover       how long a backup keeps the CDR of a call the active node ended
     * @param pingInterval   in-dialog OPTIONS to both parties this often; zero: no pings
     */
    public record Dialog(OptionalInt cluster, Optional<String> sharingTag, Duration defaultTimeout, int maxDialogs,
                         int wireVersion, Duration handover, Duration pingInterval) {
        public static final Dialog DEFAULTS = new Dialog(OptionalInt.empty(), Optional.empty(),
                Duration.ofHours(1), 1_000_000, 5, Duration.ofSeconds(30), Duration.ZERO);
    }

    /** A profile every call joins: {@code key} is none, from_user, to_user, from_domain or request_user. */
    public record Limit(String profile, String key, int max, int status) {}

    /** A rate-limit pipe every initial INVITE passes: {@code limit} calls per {@code interval}, else {@code status}. */
    public record Pipe(String name, String algorithm, int limit, Duration interval, int status) {}

    /** CDR destinations: a CSV file, an SQL table, both or neither. */
    public record Cdr(Optional<Path> csv, Optional<SqlConfig> sql) {
        public static final Cdr NONE = new Cdr(Optional.empty(), Optional.empty());
    }
}
