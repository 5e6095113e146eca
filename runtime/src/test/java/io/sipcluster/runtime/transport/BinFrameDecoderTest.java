package io.sipcluster.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.clusterer.InternalMessage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BinFrameDecoderTest {
    private final TransportCounters counters = new TransportCounters();

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new BinFrameDecoder(counters, TimeUnit.SECONDS.toNanos(1),
                new RateLimitedLog(LoggerFactory.getLogger(getClass()), 1, TimeUnit.SECONDS)));
    }

    @Test
    void splitsAStreamCutAtEveryPossiblePlace() throws Exception {
        byte[] a = BinCodec.encode(new InternalMessage.Ping(1, 2, 1));
        byte[] b = BinCodec.encode(new InternalMessage.Pong(1, 3, List.of(4, 5, 6)));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(a);
        stream.write(b);
        stream.write(a);
        byte[] all = stream.toByteArray();
        for (int cut = 1; cut < all.length; cut++) {
            EmbeddedChannel ch = channel();
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(all, 0, cut)));
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(all, cut, all.length)));
            List<byte[]> frames = new ArrayList<>();
            for (Object o; (o = ch.readInbound()) != null; ) {
                frames.add((byte[]) o);
            }
            assertThat(frames).as("cut at %d", cut).hasSize(3);
            assertThat(frames.get(0)).isEqualTo(a);
            assertThat(frames.get(1)).isEqualTo(b);
            assertThat(frames.get(2)).isEqualTo(a);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aBadMarkerClosesTheChannelAndIsCounted() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer("NOT A BIN PACKET".getBytes()));
        assertThat(ch.<Object>readInbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
        assertThat(counters.badMarkerFrames.sum()).isEqualTo(1);
    }

    @Test
    void aPartialPacketMustCompleteWithinTheFrameTimeout() throws Exception {
        EmbeddedChannel ch = channel();
        byte[] ping = BinCodec.encode(new InternalMessage.Ping(1, 2, 1));
        ch.writeInbound(Unpooled.wrappedBuffer(ping, 0, 10));
        ch.advanceTimeBy(900, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(counters.slowFrames.sum()).isEqualTo(1);
    }
}
