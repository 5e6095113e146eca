package io.sipcluster.dialog.cluster;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.dialog.Dialog;
import io.sipcluster.dialog.DialogRecords;
import io.sipcluster.dialog.DialogReplicationSink;
import io.sipcluster.dialog.Dialogs;
import io.sipcluster.runtime.BroadcastQueue;
import io.sipcluster.runtime.CapabilityModule;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.runtime.SyncData;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.clusterer.ExtraMessage;
import io.sipcluster.wire.dialog.DialogCodec;
import io.sipcluster.wire.dialog.DialogMessage;
import io.sipcluster.wire.dialog.DialogRecord;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dialogs replicated with {@code dialog-dlg-repl} on one cluster, as OpenSIPS's {@code dialog_replication_cluster}:
 * a dialog is sent when confirmed (CREATED), when the ACK comes (UPDATED) and when it ends (DELETED); a node
 * starting asks a donor for every confirmed dialog. Packets go out in {@code version} (5, or 4 for OpenSIPS 3.6);
 * versions 3 to 5 are read.
 *
 * <p>A sync merges into the table (OpenSIPS replaces the dialogs the sync covers); a dialog known here and in the
 * sync keeps the sync's copy, the last word as for any replicated packet.
 */
public final class DialogReplication implements CapabilityModule, DialogReplicationSink {
    private static final Logger log = LoggerFactory.getLogger(DialogReplication.class);

    /** How long changes are gathered before they are sent: the replication lag this adds, at most. */
    static final long BATCH_MILLIS = 1;

    private final int clusterId;
    private final int version;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile Dialogs dialogs;
    private volatile ClusterNode node;
    private volatile BroadcastQueue outgoing;

    public DialogReplication(int clusterId, int version) {
        if (!DialogCodec.supports(version)) {
            throw new IllegalArgumentException("dialog-dlg-repl version must be 3, 4 or 5");
        }
        this.clusterId = clusterId;
        this.version = version;
    }

    /** Replicates {@code dialogs}' changes from now on, registers the capability and asks for a sync. */
    public CompletableFuture<Void> start(ClusterNode node, Dialogs dialogs) {
        this.node = Objects.requireNonNull(node, "node");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        // gathered for a millisecond: at thousands of calls a second one loop wake-up (and one flush of the BIN
        // connection) carries many packets instead of one each
        this.outgoing = new BroadcastQueue(node, clusterId, BATCH_MILLIS);
        dialogs.replicateTo(this);
        return node.registerCapabilityNeedingSync(clusterId, Capability.DIALOG, this)
                .thenCompose(ignored -> node.requestSync(clusterId, Capability.DIALOG));
    }

    public int clusterId() {
        return clusterId;
    }

    /** {@code dlg_cluster_sync}: every confirmed dialog again from a donor. */
    public CompletableFuture<Void> resync() {
        ClusterNode n = node;
        return n == null ? CompletableFuture.failedFuture(new IllegalStateException("not started"))
                : n.requestSync(clusterId, Capability.DIALOG);
    }

    public SyncStatus syncStatus() {
        ClusterNode n = node;
        return n == null ? null : n.syncStatus(clusterId, Capability.DIALOG);
    }

    public long sentPackets() {
        BroadcastQueue q = outgoing;
        return q == null ? 0 : q.sent();
    }

    public long unsentPackets() {
        BroadcastQueue q = outgoing;
        return q == null ? 0 : q.notSent();
    }

    public long receivedPackets() {
        return received.get();
    }

    /** Packets or sync chunks that did not decode, or did not fit the table. */
    public long refusedPackets() {
        return refused.get();
    }

    // ---- sending: under the dialogs' lock, then the loop -------------------------------------------------

    @Override
    public void created(Dialog d) {
        queue(DialogCodec.created(DialogRecords.toRecord(d), version));
    }

    @Override
    public void updated(Dialog d) {
        queue(DialogCodec.updated(DialogRecords.toRecord(d), version));
    }

    @Override
    public void deleted(Dialog d) {
        queue(DialogCodec.deleted(d.callId(), d.callerTag(), d.calleeTag(), d.hId(), version));
    }

    @Override
    public void cseq(Dialog d, boolean towardsCallee) {
        queue(towardsCallee
                ? DialogCodec.cseq(d.callId(), d.callerTag(), d.calleeTag(), d.hId(), d.calleeLastGenCseq(), version)
                : DialogCodec.cseq(d.callId(), d.calleeTag(), d.callerTag(), d.hId(), d.callerLastGenCseq(), version));
    }

    private void queue(ModulePacket p) {
        BroadcastQueue q = outgoing;
        if (q != null) {
            q.add(p);
        }
    }

    // ---- receiving: the loop ----------------------------------------------------------------------------

    @Override
    public void onPacket(int clusterId, int srcNodeId, Routable packet) {
        try {
            if (packet instanceof ModulePacket p && p.capability().equals(Capability.DIALOG)) {
                received.incrementAndGet();
                apply(DialogCodec.decode(p));
            } else if (packet instanceof ExtraMessage.Sync sync) {
                for (ExtraMessage.SyncChunk chunk : sync.chunks()) {
                    applyChunk(chunk.data(), sync.dataVersion(), srcNodeId);
                }
            }
        } catch (MalformedPacketException bad) {
            refused.incrementAndGet();
            log.warn("dialog: a packet from node {} was refused: {}", srcNodeId, bad.getMessage());
        }
    }

    private void applyChunk(Str chunk, int dataVersion, int src) {
        try {
            store(DialogCodec.decodeSyncChunk(chunk, dataVersion));
        } catch (MalformedPacketException bad) {
            refused.incrementAndGet();
            log.warn("dialog: a sync chunk from node {} was skipped: {}", src, bad.getMessage());
        }
    }

    private void apply(DialogMessage m) throws MalformedPacketException {
        if (m instanceof DialogMessage.Created c) {
            store(c.dialog());
        } else if (m instanceof DialogMessage.Updated u) {
            store(u.dialog());
        } else if (m instanceof DialogMessage.Deleted d) {
            dialogs.applyDelete(d.callId(), d.callerTag(), d.calleeTag(), d.hId(), System.currentTimeMillis());
        } else if (m instanceof DialogMessage.ValueSet v) {
            dialogs.applyValue(v.callId(), v.hId(), v.name(), v.type() == 2 ? Integer.toString(v.number()) : v.text(),
                    v.type() == 0);
        } else if (m instanceof DialogMessage.CseqUpdated c) {
            dialogs.applyCseq(c.callId(), c.tag(), c.hId(), c.lastGenCseq());
        }
    }

    private void store(DialogRecord r) throws MalformedPacketException {
        if (dialogs.applyReplica(DialogRecords.fromRecord(r)) == null) {
            refused.incrementAndGet();
        }
    }

    @Override
    public void onEvent(ClusterEvent event) {
        if (event instanceof ClusterEvent.SyncDone done) {
            log.info("dialog: synced from node {}: {} dialogs; {} held here", done.donorNodeId(), done.chunks(),
                    dialogs.size());
        } else if (event instanceof ClusterEvent.SyncFailed failed) {
            log.warn("dialog: sync from node {} failed: {}", failed.donorNodeId(), failed.reason());
        }
    }

    @Override
    public SyncData syncData(int clusterId, int requesterNodeId) {
        List<Dialog> confirmed = dialogs.confirmed();
        log.info("dialog: node {} asked for a sync; sending {} confirmed dialogs", requesterNodeId, confirmed.size());
        Iterator<Dialog> it = confirmed.iterator();
        return new SyncData(version, new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Str next() {
                return DialogCodec.syncChunk(DialogRecords.toRecord(it.next()), version);
            }
        });
    }
}
