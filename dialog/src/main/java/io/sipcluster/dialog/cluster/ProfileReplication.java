package io.sipcluster.dialog.cluster;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.dialog.Dialog;
import io.sipcluster.dialog.Dialogs;
import io.sipcluster.dialog.RemoteProfileCounts;
import io.sipcluster.runtime.CapabilityModule;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.dialog.ProfileCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profile counts shared with {@code dialog-prof-repl}, as OpenSIPS's {@code profile_replication_cluster}: every
 * {@link #broadcast} (200 ms) sends this node's own count of each profile value, and a value whose count fell to 0
 * once more with 0; received counts feed the {@link RemoteProfileCounts} the call limits add to the local ones.
 * Packets stay under 1,400 bytes of body, as OpenSIPS's.
 */
public final class ProfileReplication implements CapabilityModule {
    private static final Logger log = LoggerFactory.getLogger(ProfileReplication.class);
    private static final int BUDGET = 1_400;

    private final int clusterId;
    private final int version;
    private final RemoteProfileCounts remote;
    private final AtomicLong refused = new AtomicLong();
    private volatile Map<Dialog.ProfileEntry, Integer> lastSent = Map.of();
    private volatile ClusterNode node;
    private volatile Dialogs dialogs;

    public ProfileReplication(int clusterId, int version, long expireMillis) {
        this.clusterId = clusterId;
        this.version = version;
        this.remote = new RemoteProfileCounts(expireMillis);
    }

    public void start(ClusterNode node, Dialogs dialogs) {
        this.node = Objects.requireNonNull(node);
        this.dialogs = Objects.requireNonNull(dialogs);
        dialogs.remoteCounts(remote);
        node.registerCapability(clusterId, Capability.DIALOG_PROFILES, this);
    }

    public RemoteProfileCounts remote() {
        return remote;
    }

    public long refusedPackets() {
        return refused.get();
    }

    /** Sends this node's counts (called every 200 ms by the owner's timer). */
    public void broadcast(long nowMillis) {
        Map<Dialog.ProfileEntry, Integer> now = dialogs.localProfileCounts();
        List<ProfileCodec.Entry> entries = new ArrayList<>(now.size());
        Map<Dialog.ProfileEntry, Integer> previous = lastSent;
        for (Map.Entry<Dialog.ProfileEntry, Integer> e : now.entrySet()) {
            entries.add(entry(e.getKey(), e.getValue()));
        }
        for (Dialog.ProfileEntry gone : previous.keySet()) {
            if (!now.containsKey(gone)) {
                entries.add(entry(gone, 0)); // the value dropped to 0: say so, or others keep counting it
            }
        }
        lastSent = new HashMap<>(now);
        remote.purge(nowMillis);
        if (entries.isEmpty()) {
            return;
        }
        for (ModulePacket p : ProfileCodec.encode(entries, version, BUDGET)) {
            node.broadcast(clusterId, p);
        }
    }

    private static ProfileCodec.Entry entry(Dialog.ProfileEntry e, int count) {
        return new ProfileCodec.Entry(e.profile(), !e.value().isEmpty(), e.value(), count);
    }

    @Override
    public void onPacket(int clusterId, int srcNodeId, Routable packet) {
        if (!(packet instanceof ModulePacket p)) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            for (ProfileCodec.Entry e : ProfileCodec.decode(p)) {
                remote.update(srcNodeId, e.profile(), e.hasValue() ? e.value() : "", e.count(), now);
            }
        } catch (MalformedPacketException bad) {
            refused.incrementAndGet();
            log.warn("dialog: a profile packet from node {} was refused: {}", srcNodeId, bad.getMessage());
        }
    }

    @Override
    public void onEvent(ClusterEvent event) {
        if (event instanceof ClusterEvent.NodeDown down) {
            remote.forget(down.nodeId());
        }
    }
}
