package io.sipcluster.usrloc.cluster;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.runtime.BroadcastQueue;
import io.sipcluster.runtime.CapabilityModule;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.runtime.SyncData;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import io.sipcluster.wire.usrloc.UsrlocPacket;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * usrloc in OpenSIPS's {@code full-sharing-cluster} mode: the {@code usrloc-contact-repl} capability (version 5) on
 * one cluster of a {@link ClusterNode}.
 * <ul>
 *   <li>every local change of the {@link LocationService} is broadcast to all nodes of the cluster;</li>
 *   <li>records from other nodes, and a donor's sync chunks, are merged into the service;</li>
 *   <li>at start the capability needs a sync: a donor streams its whole table (merged, not replacing: contacts
 *       registered here meanwhile stay), while live records are held back by the clusterer until it is done;</li>
 *   <li>this node serves as donor for others.</li>
 * </ul>
 *
 * <p>Records are queued by the SIP threads and sent by the loop in batches: one loop task drains everything queued
 * since the last one, so at 20,000 changes a second the loop runs a few hundred tasks, not 40,000. The queue keeps
 * the table's order (records are queued under the table's lock).
 */
public final class UsrlocReplication implements CapabilityModule, LocationService.ReplicationSink {
    /** OpenSIPS {@code UL_BIN_VERSION}: records and sync chunks. */
    public static final int DATA_VERSION = 5;
    private static final Logger log = LoggerFactory.getLogger(UsrlocReplication.class);

    private final int clusterId;
    private final AtomicLong received = new AtomicLong();
    private volatile LocationService service;
    private volatile ClusterNode node;
    private volatile BroadcastQueue outgoing;
    private volatile Consumer<ClusterEvent> eventListener = e -> { };

    public UsrlocReplication(int clusterId) {
        this.clusterId = clusterId;
    }

    /**
     * Registers the capability on {@code node} for {@code service}'s table and asks for a sync. The service must
     * have been built with this object as its replication sink.
     */
    public CompletableFuture<Void> start(ClusterNode node, LocationService service) {
        this.node = Objects.requireNonNull(node, "node");
        this.service = Objects.requireNonNull(service, "service");
        this.outgoing = new BroadcastQueue(node, clusterId, 0);
        return node.registerCapabilityNeedingSync(clusterId, Capability.USRLOC, this)
                .thenCompose(ignored -> node.requestSync(clusterId, Capability.USRLOC));
    }

    /** Also told every event of the cluster (after this module handled it): for duties that follow membership. */
    public void onClusterEvent(Consumer<ClusterEvent> listener) {
        this.eventListener = Objects.requireNonNull(listener);
    }

    public int clusterId() {
        return clusterId;
    }

    /** Where this node's copy of the table stands: synced, waiting for a donor, receiving. */
    public SyncStatus syncStatus() {
        ClusterNode n = node;
        return n == null ? null : n.syncStatus(clusterId, Capability.USRLOC);
    }

    /** Asks a donor for the whole table again (management {@code ul_cluster_sync}); merged like the first sync. */
    public CompletableFuture<Void> resync() {
        ClusterNode n = node;
        if (n == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("usrloc replication is not started"));
        }
        return n.requestSync(clusterId, Capability.USRLOC);
    }

    /** Records sent to the cluster, records that could not be sent (nobody reachable), records received. */
    public long sentRecords() {
        BroadcastQueue q = outgoing;
        return q == null ? 0 : q.sent();
    }

    public long unsentRecords() {
        BroadcastQueue q = outgoing;
        return q == null ? 0 : q.notSent();
    }

    public long receivedRecords() {
        return received.get();
    }

    // ------------------------------------------------------------------ sending (any thread, then the loop)

    @Override
    public void replicate(List<UsrlocMessage> records) {
        BroadcastQueue q = outgoing;
        if (q == null) {
            return; // not started: nobody to tell yet
        }
        for (UsrlocMessage m : records) {
            q.add(new UsrlocPacket(m, Trailer.UNADDRESSED));
        }
    }

    // ------------------------------------------------------------------ receiving (the loop)

    @Override
    public void onPacket(int clusterId, int srcNodeId, Routable packet) {
        if (packet instanceof UsrlocPacket p) {
            received.incrementAndGet();
            service.applyReplicated(p.message());
        } else if (packet instanceof ExtraMessage.Sync sync) {
            if (sync.dataVersion() != DATA_VERSION) {
                log.warn("usrloc sync from node {} has data version {}, not {}: skipped", srcNodeId,
                        sync.dataVersion(), DATA_VERSION);
                return;
            }
            for (ExtraMessage.SyncChunk chunk : sync.chunks()) {
                service.applySyncChunk(chunk.data());
            }
        }
    }

    @Override
    public void onEvent(ClusterEvent event) {
        if (event instanceof ClusterEvent.SyncDone done) {
            log.info("usrloc synced from node {}: {} records; the table holds {} contacts of {} AoRs",
                    done.donorNodeId(), done.chunks(), service.contactCount(), service.aorCount());
        } else if (event instanceof ClusterEvent.SyncFailed failed) {
            log.warn("usrloc sync from node {} failed: {}", failed.donorNodeId(), failed.reason());
        } else if (event instanceof ClusterEvent.SyncSeedFallback) {
            log.info("usrloc: no donor answered; this node starts with its own table as the cluster's");
        }
        eventListener.accept(event);
    }

    @Override
    public SyncData syncData(int clusterId, int requesterNodeId) {
        log.info("usrloc: node {} asked for a sync; sending {} contacts of {} AoRs", requesterNodeId,
                service.contactCount(), service.aorCount());
        return new SyncData(DATA_VERSION, service.syncChunks());
    }
}
