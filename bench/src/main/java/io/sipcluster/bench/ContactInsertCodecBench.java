package io.sipcluster.bench;

import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.usrloc.UsrlocCodec;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import io.sipcluster.wire.usrloc.UsrlocPacket;
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
 * usrloc REPL_UCONTACT_INSERT, the packet a registrar sends for every new binding, both ways.
 *
 * <p>Inputs are packets OpenSIPS 3.6.8 sent: 038 fills every field (Path, received, +sip.instance, attr, long
 * User-Agent; 343 bytes), 043 is a plain UDP phone without them (205 bytes). The encode side writes the decoded
 * capture back into one reused {@link BinWriter}, as a sender does, so it measures the codec and not the building
 * of the message, which belongs to the registrar.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class ContactInsertCodecBench {
    @Param({"038-usrloc-contact-repl-REPL_UCONTACT_INSERT.bin", "043-usrloc-contact-repl-REPL_UCONTACT_INSERT.bin"})
    public String vector;

    private byte[] packet;
    private UsrlocMessage.ContactInsert insert;
    private Trailer trailer;
    private final BinWriter writer = new BinWriter();

    @Setup
    public void setUp() throws MalformedPacketException {
        packet = Vectors.load(vector);
        if (!(BinCodec.decode(packet) instanceof UsrlocPacket p && p.message() instanceof UsrlocMessage.ContactInsert i)) {
            throw new IllegalArgumentException(vector + " is not a REPL_UCONTACT_INSERT");
        }
        insert = i;
        trailer = p.trailer();
        Vectors.checkSameBytes(vector, packet, writer, encode());
    }

    /** Returns the length so the work is consumed; the bytes themselves land in the writer, which outlives the call. */
    @Benchmark
    public int encode() {
        return UsrlocCodec.encode(insert, trailer, writer);
    }

    /** The decoded message is returned, so JMH consumes it and the JIT cannot drop its allocation. */
    @Benchmark
    public BinMessage decode() throws MalformedPacketException {
        return BinCodec.decode(packet);
    }
}
