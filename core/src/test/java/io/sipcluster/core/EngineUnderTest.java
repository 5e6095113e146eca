package io.sipcluster.core;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.InternalMessage.LsUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.Pong;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine in cluster {@link #CLUSTER}, fed by hand the packets its peers would send, with its effects recorded.
 * The peers exist only as the packets a test writes for them.
 */
final class EngineUnderTest {
    static final int CLUSTER = 1;
    /** The wall clock at time 0, in seconds. */
    static final int WALL_START = 1_795_321_400;

    final int selfId;
    final ClusterEngine engine;
    final RecordingEffects fx = new RecordingEffects();
    long now;
    private int lsSeq;

    /** Node {@code selfId}, provisioned with {@code others} (no discovery). */
    EngineUnderTest(int selfId, int... others) {
        this(0, selfId, others);
    }

    /** An engine that starts at {@code startMillis} (its wall clock reads {@link #WALL_START} at 0). */
    static EngineUnderTest startedAt(long startMillis, int selfId, int... others) {
        return new EngineUnderTest(startMillis, selfId, others);
    }

    private EngineUnderTest(long startMillis, int selfId, int... others) {
        this.now = startMillis;
        this.selfId = selfId;
        List<NodeDescriptor> neighbours = new ArrayList<>();
        for (int id : others) {
            neighbours.add(node(id));
        }
        engine = new ClusterEngine(selfId, List.of(new ClusterSetup(CLUSTER, node(selfId), neighbours, false)),
                Timings.OPENSIPS_DEFAULTS, () -> WALL_START + (int) (now / 1000));
    }

    static NodeDescriptor node(int id) {
        return NodeDescriptor.of(id, "bin:10.0.0." + id + ":5566");
    }

    static Str url(int id) {
        return node(id).url();
    }

    static Trailer.Node trailer(int src, int dst) {
        return new Trailer.Node(CLUSTER, src, dst);
    }

    /** Probes every link and brings up those to {@code peers} with a timely pong. */
    EngineUnderTest linksUp(int... peers) {
        engine.tick(now, fx);
        now++;
        for (int peer : peers) {
            receive(new Pong(CLUSTER, peer, List.of()));
        }
        return this;
    }

    /** {@code via} tells us it has an up link to {@code to} (an LS_UPDATE), so {@code to} is reached through it. */
    EngineUnderTest learnLink(int via, int to) {
        receive(new LsUpdate(CLUSTER, via, lsSeq++, WALL_START, to, LsUpdate.LINK_UP, List.of(via)));
        return this;
    }

    /** A packet arrives; for clusterer-internal ones the connection id is the sender's id. */
    void receive(BinMessage m) {
        engine.receive(m, 0, now, fx);
    }

    void tickAt(long at) {
        now = at;
        engine.tick(now, fx);
    }

    long ignoredCount(IgnoreReason reason) {
        return engine.ignoredCounts().get(reason);
    }
}
