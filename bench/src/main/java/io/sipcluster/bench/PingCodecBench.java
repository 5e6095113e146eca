package io.sipcluster.bench;

import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.clusterer.ClustererCodec;
import io.sipcluster.wire.clusterer.InternalMessage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * clusterer PING, the smallest and most frequent control packet (every node pings every neighbour each
 * ping_interval): the fixed cost of a packet, header and capability lookup included, with almost no body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class PingCodecBench {
    @Param("001-clusterer-internal-PING.bin")
    public String vector;

    private byte[] packet;
    private InternalMessage.Ping ping;
    private final BinWriter writer = new BinWriter();

    @Setup
    public void setUp() throws MalformedPacketException {
        packet = Vectors.load(vector);
        if (!(BinCodec.decode(packet) instanceof InternalMessage.Ping p)) {
            throw new IllegalArgumentException(vector + " is not a PING");
        }
        ping = p;
        Vectors.checkSameBytes(vector, packet, writer, encode());
    }

    @Benchmark
    public int encode() {
        return ClustererCodec.encode(ping, writer);
    }

    @Benchmark
    public BinMessage decode() throws MalformedPacketException {
        return BinCodec.decode(packet);
    }
}
