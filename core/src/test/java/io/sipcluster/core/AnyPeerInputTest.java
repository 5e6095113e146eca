package io.sipcluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.clusterer.InternalMessage.Pong;
import io.sipcluster.wire.testing.MessageGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of packet a peer can send that decodes, with random contents, addressed to the engine's cluster from
 * its known nodes and from others: nothing escapes the engine, and what it keeps stays within its bounds.
 */
class AnyPeerInputTest {
    private static final int CLUSTER = EngineUnderTest.CLUSTER;
    private static final int PACKETS = 20_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void randomPacketsFromKnownAndUnknownNodesNeverBreakTheEngine(long seed) {
        boolean discovery = seed % 2 == 0;
        List<NodeDescriptor> others = new ArrayList<>();
        for (int id = 2; id <= 5; id++) {
            others.add(EngineUnderTest.node(id));
        }
        ClusterEngine engine = new ClusterEngine(1, List.of(new ClusterSetup(CLUSTER, EngineUnderTest.node(1), others,
                discovery)), Timings.OPENSIPS_DEFAULTS, () -> EngineUnderTest.WALL_START);
        RecordingEffects fx = new RecordingEffects();
        engine.tick(0, fx);
        engine.receive(new Pong(CLUSTER, 2, List.of()), 2, 1, fx);
        engine.receive(new Pong(CLUSTER, 3, List.of()), 3, 1, fx);

        MessageGenerator gen = new MessageGenerator(seed);
        SplittableRandom random = new SplittableRandom(seed);
        long now = 2;
        for (int i = 0; i < PACKETS; i++) {
            BinMessage m = addressed(gen.next(), random);
            try {
                engine.receive(m, random.nextInt(6), now, fx);
                if (i % 100 == 0) {
                    engine.tick(now += 250, fx);
                }
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", packet " + i + " broke the engine: " + m, e);
            }
            fx.clear();
        }
        assertThat(engine.nodes(CLUSTER).size()).isLessThanOrEqualTo(WireLimits.MAX_NODES);
        assertThat(engine.relayTableSize()).isLessThanOrEqualTo(RelayGuard.MAX_ENTRIES);
        assertThat(engine.sharingTags(CLUSTER).size()).isLessThanOrEqualTo(SharingTags.MAX_TAGS);
        assertThat(engine.ignoredCounts().values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }

    /** Mostly this cluster and nodes 1 to 6 (1 is the engine, 6 is unknown), sometimes anything. */
    private static BinMessage addressed(BinMessage m, SplittableRandom random) {
        if (random.nextInt(10) == 0) {
            return m;
        }
        int src = 1 + random.nextInt(6);
        if (m instanceof Routable r) {
            return r.withTrailer(new Trailer.Node(CLUSTER, src, 1 + random.nextInt(6)));
        }
        return withFrontHeader((InternalMessage) m, src);
    }

    /** The same internal message from another cluster and node: the front header is its first two ints. */
    private static BinMessage withFrontHeader(InternalMessage m, int src) {
        BinWriter w = new BinWriter();
        int len = BinCodec.encode(m, w);
        byte[] bytes = java.util.Arrays.copyOf(w.array(), len);
        int body = 4 + 4 + 2 + 2 + m.capability().name().length() + 4;
        putInt(bytes, body, CLUSTER);
        putInt(bytes, body + 4, src);
        try {
            return BinCodec.decode(bytes);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
