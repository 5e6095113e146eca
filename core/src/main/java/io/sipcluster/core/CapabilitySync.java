package io.sipcluster.core;

import io.sipcluster.core.SyncStatus.State;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.ExtraMessage.Sync;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncChunk;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncEnd;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncReq;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The capabilities registered on one cluster and their data sync (OpenSIPS {@code sync.c}), as a state machine.
 *
 * <p>A node that needs a capability's data asks one donor (a reachable node announcing the capability synced)
 * with SYNC_REQ; the donor streams SYNC packets of chunks, then SYNC_END with the number sent; the sync is done
 * when that many chunks arrived. Beyond OpenSIPS: live updates are held back from the moment the request is sent,
 * not from the first chunk, so none is overwritten by older sync data; a sync that stalls or loses its donor is
 * retried with another donor at once instead of staying "not synced"; and progress is visible in
 * {@link SyncStatus}.
 */
final class CapabilitySync {
    /** What the sync needs from its cluster. */
    interface Port {
        int clusterId();

        int selfId();

        boolean selfIsSeed();

        Set<Integer> reachable();

        boolean remoteSynced(int nodeId, Capability cap);

        /** Every node of the cluster this node knows of (provisioned or discovered), itself excluded. */
        Set<Integer> knownNodes();

        /** What {@code nodeId}'s CAP_UPDATEs say of {@code cap}: synced, not synced, or null (never announced). */
        Boolean remoteCapabilityState(int nodeId, Capability cap);

        int priority(int nodeId);

        SendResult send(int nodeId, Routable packet, Effects fx);

        /** Tell the neighbours that a local capability became synced or not (a single-capability CAP_UPDATE). */
        void announce(Capability cap, boolean synced, Effects fx);
    }

    /** No sync packet for this long and the attempt has failed (OpenSIPS {@code sync_timeout}). */
    static final long SYNC_TIMEOUT_MILLIS = 15_000;
    /** A seed with no donor for this long declares itself synced (OpenSIPS {@code seed_fallback_interval}). */
    static final long SEED_FALLBACK_MILLIS = 5_000;
    /** Soft cap on a SYNC packet (OpenSIPS {@code sync_packet_size}). */
    static final int SYNC_PACKET_BYTES = 32_768;
    /** Live updates held during a sync; past this they are applied at once, as OpenSIPS would. */
    static final int MAX_BUFFERED = 200_000;

    private record Held(int srcNodeId, Routable packet) {}

    private static final class Local {
        final Capability cap;
        /** Registered without a need for data: synced from the start, and again when enabled. */
        final boolean startsSynced;
        /** False after management disabled it: nothing of it is sent or accepted, and it is no donor. */
        boolean enabled = true;
        boolean synced;
        /** The module asked for data and has not got it yet. */
        boolean wanted;
        boolean inProgress;
        int donor = -1;
        long requestedAt;
        long lastActivity;
        long received;
        long expected = -1;
        int attempts;
        final Set<Integer> triedDonors = new HashSet<>();
        final Deque<Held> held = new ArrayDeque<>();

        Local(Capability cap, boolean synced) {
            this.cap = cap;
            this.startsSynced = synced;
            this.synced = synced;
        }
    }

    private final Port port;
    private final Map<Capability, Local> caps = new LinkedHashMap<>();

    CapabilitySync(Port port) {
        this.port = port;
    }

    /**
     * The capability a str field names (SYNC_REQ, SYNC, SYNC_END, CAP_UPDATE), read as the header's names are;
     * null when no capability can have that name (empty, or over 255 bytes), which the caller ignores.
     */
    static Capability named(Str name) {
        if (name.isEmpty() || name.length() > WireLimits.MAX_CAPABILITY_BYTES) {
            return null;
        }
        return Capability.of(new String(name.toByteArray(), StandardCharsets.ISO_8859_1));
    }

    // ------------------------------------------------------------------ registration and views

    /** {@code needsSync}: the capability starts not synced and the module will ask for data. */
    void register(Capability cap, boolean needsSync) {
        caps.putIfAbsent(cap, new Local(cap, !needsSync));
    }

    boolean isRegistered(Capability cap) {
        return caps.containsKey(cap);
    }

    /** Registered capabilities in registration order, with whether each is synced (what CAP_UPDATE carries). */
    Map<Capability, Boolean> states() {
        Map<Capability, Boolean> out = new LinkedHashMap<>();
        caps.forEach((c, l) -> out.put(c, l.synced));
        return out;
    }

    /** Registered and not disabled by management (what is not registered is not ours to refuse). */
    boolean isEnabled(Capability cap) {
        Local l = caps.get(cap);
        return l == null || l.enabled;
    }

    /** Every registered capability, in registration order, for {@code clusterer_list_cap}. */
    List<CapabilityView> views() {
        List<CapabilityView> out = new ArrayList<>();
        caps.values().forEach(l -> out.add(new CapabilityView(l.cap.name(), l.synced, l.enabled)));
        return List.copyOf(out);
    }

    /**
     * Management's {@code clusterer_set_cap_status}. Disabled, a capability is not synced and no donor, its sync
     * stops, its packets are neither sent nor accepted, and the neighbours are told it is not synced. Enabled
     * again, one that never needed data is synced again; one that does stays not synced until the module
     * requests a sync (OpenSIPS announces it synced at once, data or not: a node could then serve as a donor
     * with what it missed while disabled).
     */
    void setEnabled(Capability cap, boolean enabled, Effects fx) {
        Local l = caps.get(cap);
        if (l == null) {
            throw new IllegalArgumentException("capability " + cap + " is not registered");
        }
        if (l.enabled == enabled) {
            return;
        }
        l.enabled = enabled;
        if (!enabled) {
            l.synced = false;
            l.wanted = false;
            l.inProgress = false;
            l.donor = -1;
            l.held.clear(); // updates of a disabled capability are dropped, as they would be on arrival
        } else {
            l.synced = l.startsSynced;
        }
        port.announce(cap, l.synced, fx);
    }

    SyncStatus status(Capability cap) {
        Local l = caps.get(cap);
        if (l == null) {
            throw new IllegalArgumentException("capability " + cap + " is not registered");
        }
        State s = l.synced ? State.SYNCED : l.inProgress ? State.IN_PROGRESS : l.wanted ? State.PENDING : State.NOT_SYNCED;
        return new SyncStatus(s, l.donor, l.received, l.expected, l.attempts, l.held.size());
    }

    // ------------------------------------------------------------------ requester

    /** The module wants the cluster's data (at start, or from management). */
    void requestSync(Capability cap, long now, Effects fx) {
        Local l = caps.get(cap);
        if (l == null) {
            throw new IllegalArgumentException("capability " + cap + " is not registered");
        }
        if (l.inProgress || !l.enabled) {
            return;
        }
        // Tell the neighbours: a synced capability stops being a donor while its data is incomplete, and one
        // registered after the links came up becomes known at once (a seed waiting for a donor can then see that
        // nobody holds data instead of waiting out seed_fallback).
        l.synced = false;
        port.announce(cap, false, fx);
        l.wanted = true;
        l.requestedAt = now;
        l.attempts = 0;
        l.triedDonors.clear();
        tryDonor(l, now, fx);
    }

    /** True while live packets of {@code cap} must be held back. */
    boolean holding(Capability cap) {
        Local l = caps.get(cap);
        return l != null && l.inProgress;
    }

    void hold(int srcNodeId, Routable p, Effects fx) {
        Local l = caps.get(p.capability());
        if (l.held.size() >= MAX_BUFFERED) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), srcNodeId, IgnoreReason.LIMIT_REACHED,
                    "sync buffer of " + p.capability() + " full: applying updates without waiting"));
            release(l, fx);
        }
        l.held.add(new Held(srcNodeId, p));
    }

    void onSync(int src, Sync s, long now, Effects fx) {
        Capability cap = named(s.capName());
        if (cap == null) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src, IgnoreReason.BAD_VALUE,
                    "SYNC for a capability name of " + s.capName().length() + " bytes"));
            return;
        }
        Local l = caps.get(cap);
        if (l == null) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src, IgnoreReason.UNKNOWN_CAPABILITY,
                    "SYNC for unregistered " + s.capName()));
            return;
        }
        if (!l.enabled) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src, IgnoreReason.CAPABILITY_DISABLED,
                    "SYNC for disabled " + s.capName()));
        } else if (l.inProgress && src == l.donor) {
            l.received += s.chunks().size();
            l.lastActivity = now;
            fx.deliver(port.clusterId(), src, s);
            completeIfDone(l, fx);
        } else if (l.synced) {
            // A donor's late data after we finished another way: merge it, as OpenSIPS does.
            fx.deliver(port.clusterId(), src, s);
        } else {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src, IgnoreReason.UNEXPECTED,
                    "SYNC from a node that is not our donor"));
        }
    }

    void onSyncEnd(int src, SyncEnd e, long now, Effects fx) {
        if (e.noSyncChunksSent() < 0 || named(e.capName()) == null) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src, IgnoreReason.BAD_VALUE, "SYNC_END announcing "
                    + e.noSyncChunksSent() + " chunks of a capability name of " + e.capName().length() + " bytes"));
            return;
        }
        Capability cap = named(e.capName());
        Local l = cap == null ? null : caps.get(cap);
        if (l == null || !l.inProgress || src != l.donor) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src, IgnoreReason.UNEXPECTED,
                    "SYNC_END outside a sync with that donor"));
            return;
        }
        l.expected = e.noSyncChunksSent();
        l.lastActivity = now;
        completeIfDone(l, fx);
    }

    /** The sync timer (OpenSIPS checks every 500 ms; we check on every heartbeat tick). */
    void tick(long now, Effects fx) {
        for (Local l : caps.values()) {
            if (l.inProgress && now - l.lastActivity >= SYNC_TIMEOUT_MILLIS) {
                fail(l, "no sync data for " + SYNC_TIMEOUT_MILLIS + " ms", now, fx);
            } else if (l.wanted && !l.inProgress) {
                tryDonor(l, now, fx);
                if (!l.inProgress && port.selfIsSeed()
                        && (now - l.requestedAt >= SEED_FALLBACK_MILLIS || noDonorCanAppear(l))) {
                    l.wanted = false;
                    l.synced = true;
                    port.announce(l.cap, true, fx);
                    fx.publish(new ClusterEvent.SyncSeedFallback(port.clusterId(), l.cap.name()));
                }
            }
        }
    }

    /**
     * Beyond OpenSIPS: every node of the cluster is reachable and has announced the capability not synced, so no
     * node holds data that could make it a donor; the seed need not wait out the fallback interval (a whole cluster
     * starting together would otherwise sit unsynced for 5 s). A node that is unreachable, or has not announced the
     * capability yet, might hold data: then the seed waits, as OpenSIPS does.
     */
    private boolean noDonorCanAppear(Local l) {
        Set<Integer> known = port.knownNodes();
        if (known.isEmpty()) {
            // a seed that knows nobody (others join through it) cannot tell who holds data: wait for them to come
            return false;
        }
        Set<Integer> reachable = port.reachable();
        for (int id : port.knownNodes()) {
            if (!reachable.contains(id) || !Boolean.FALSE.equals(port.remoteCapabilityState(id, l.cap))) {
                return false;
            }
        }
        return true;
    }

    void onNodeUp(long now, Effects fx) {
        for (Local l : caps.values()) {
            if (l.wanted && !l.inProgress) {
                tryDonor(l, now, fx);
            }
        }
    }

    void onNodeDown(int nodeId, long now, Effects fx) {
        for (Local l : caps.values()) {
            if (l.inProgress && l.donor == nodeId) {
                fail(l, "donor unreachable", now, fx);
            }
        }
    }

    /** A CAP_UPDATE said {@code nodeId} has {@code cap} synced: a pending request can go to it now. */
    void onRemoteSynced(Capability cap, long now, Effects fx) {
        Local l = caps.get(cap);
        if (l != null && l.wanted && !l.inProgress) {
            tryDonor(l, now, fx);
        }
    }

    private void tryDonor(Local l, long now, Effects fx) {
        int donor = chooseDonor(l);
        if (donor < 0) {
            return; // pending: a node up or a CAP_UPDATE will try again
        }
        if (port.send(donor, new SyncReq(Str.of(l.cap.name()), Trailer.UNADDRESSED), fx) != SendResult.SENT) {
            return;
        }
        l.inProgress = true;
        l.donor = donor;
        l.triedDonors.add(donor);
        l.attempts++;
        l.received = 0;
        l.expected = -1;
        l.lastActivity = now;
        fx.publish(new ClusterEvent.SyncStarted(port.clusterId(), l.cap.name(), donor, l.attempts));
    }

    /** The preferred reachable node with the capability synced, not tried yet in this sync if there is another. */
    private int chooseDonor(Local l) {
        List<Integer> candidates = new ArrayList<>();
        for (int id : port.reachable()) {
            if (port.remoteSynced(id, l.cap)) {
                candidates.add(id);
            }
        }
        if (candidates.isEmpty()) {
            return -1;
        }
        List<Integer> fresh = candidates.stream().filter(id -> !l.triedDonors.contains(id)).toList();
        List<Integer> pool = fresh.isEmpty() ? candidates : fresh;
        return pool.stream().min(Comparator.<Integer>comparingInt(port::priority).thenComparingInt(i -> i)).orElseThrow();
    }

    private void completeIfDone(Local l, Effects fx) {
        if (l.expected < 0 || l.received < l.expected) {
            return;
        }
        int donor = l.donor;
        l.inProgress = false;
        l.wanted = false;
        release(l, fx);
        l.synced = true;
        port.announce(l.cap, true, fx);
        fx.publish(new ClusterEvent.SyncDone(port.clusterId(), l.cap.name(), donor, l.received));
    }

    private void fail(Local l, String reason, long now, Effects fx) {
        fx.publish(new ClusterEvent.SyncFailed(port.clusterId(), l.cap.name(), l.donor, reason));
        l.inProgress = false;
        l.donor = -1;
        tryDonor(l, now, fx);
        if (!l.inProgress) {
            release(l, fx); // no donor now: apply live updates as they come, like any unsynced node
        }
    }

    /** Delivers the held packets in the order they arrived. */
    private void release(Local l, Effects fx) {
        while (!l.held.isEmpty()) {
            Held h = l.held.poll();
            fx.deliver(port.clusterId(), h.srcNodeId(), h.packet());
        }
    }

    // ------------------------------------------------------------------ donor

    /**
     * Streams a module's data to {@code dst}: chunks are packed into SYNC packets of about
     * {@link #SYNC_PACKET_BYTES} and each is sent as soon as it is full, so the donor never holds more than one
     * packet; then SYNC_END with the number of chunks. Returns the number of chunks sent.
     */
    /** Streams everything at once (a test's or a small module's answer); the number of chunks sent. */
    long sendSyncData(Capability cap, int dst, int dataVersion, Iterator<Str> chunks, Effects fx) {
        SyncStream s = new SyncStream(port.clusterId(), cap, dst, dataVersion, chunks);
        while (continueStream(s, Integer.MAX_VALUE, fx) == SyncStream.Progress.MORE) {
            // every packet is sent within one call; MORE only follows a full budget
        }
        return s.sent;
    }

    /**
     * Sends up to {@code maxPackets} SYNC packets of {@code s}, then SYNC_END once the iterator is exhausted. A
     * requester no longer reachable, or a packet the transport refuses, ends the stream (ABORTED): the requester's
     * own sync timeout or donor loss makes it ask again.
     */
    SyncStream.Progress continueStream(SyncStream s, int maxPackets, Effects fx) {
        if (s.state != SyncStream.Progress.MORE) {
            return s.state;
        }
        if (!port.reachable().contains(s.requester)) {
            return s.state = SyncStream.Progress.ABORTED;
        }
        Str capName = Str.of(s.capability.name());
        int overhead = 16 + Capability.CLUSTERER_EXTRA.name().length() + 2 + capName.length() + 4 + 12;
        for (int packets = 0; packets < maxPackets; packets++) {
            List<SyncChunk> batch = new ArrayList<>();
            int size = overhead;
            while (s.carried != null || s.chunks.hasNext()) {
                Str data = s.carried != null ? s.carried : s.chunks.next();
                s.carried = null;
                int chunkBytes = 8 + data.length();
                if (overhead + chunkBytes > WireLimits.MAX_PACKET_BYTES) {
                    throw new IllegalArgumentException("a sync chunk of " + data.length() + " bytes cannot fit a packet");
                }
                if (!batch.isEmpty() && size + chunkBytes > SYNC_PACKET_BYTES) {
                    s.carried = data;
                    break;
                }
                batch.add(new SyncChunk(data));
                size += chunkBytes;
            }
            if (batch.isEmpty()) {
                SendResult end = port.send(s.requester, new SyncEnd(capName, (int) Math.min(s.sent, Integer.MAX_VALUE),
                        Trailer.UNADDRESSED), fx);
                return s.state = end == SendResult.SENT ? SyncStream.Progress.DONE : SyncStream.Progress.ABORTED;
            }
            if (port.send(s.requester, new Sync(capName, s.dataVersion, batch, Trailer.UNADDRESSED), fx)
                    != SendResult.SENT) {
                return s.state = SyncStream.Progress.ABORTED;
            }
            s.sent += batch.size();
        }
        return SyncStream.Progress.MORE;
    }

}
