package io.sipcluster.wire.testing;

import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.MalformedPacketException;

/**
 * The most heap one {@link io.sipcluster.wire.BinCodec#decode(byte[])} may allocate for an input of a given length:
 * the codec promises allocation in proportion to the packet, so that a peer cannot make a node allocate more than
 * a constant multiple of what it sent.
 *
 * <p>The factor comes from the densest packets, measured on JDK 17 HotSpot (see {@code DecodeAllocationTest}):
 * a CAP_UPDATE full of 1-byte capability names turns every 7 wire bytes into a CapabilityState, a Str, its byte
 * array and list slots, 12.1 bytes allocated per input byte with compressed oops and 17.3 without them (heaps over
 * 32 GB); SYNC packets of 1-byte chunks come next (9.7 and 15.0). 24 leaves room above the worst layout without
 * hiding a real regression: anything that allocates by a count instead of by the bytes present (a list pre-sized
 * to a lying count, a buffer sized to the limit) overshoots it many times over.
 *
 * <p>The fixed part covers what every decode allocates whatever the length: the message record, the exception
 * and its message for a refused packet, a capability name we do not know. That is under 1 KiB on a plain JVM.
 * While Jazzer fuzzes, its hook on {@code String.equals} adds to it: each failed comparison of the capability name
 * (up to three per decode) encodes both strings with a new charset encoder, about 3 KiB each; the most measured in
 * fuzzing runs was 12 KiB. 32 KiB covers that with room, and is still far below what a lying count could cost.
 */
public final class DecodeAllocation {
    public static final long BYTES_PER_INPUT_BYTE = 24;
    public static final long FIXED_BYTES = 32 * 1024;

    private DecodeAllocation() {}

    public static long limitFor(int inputLength) {
        return BYTES_PER_INPUT_BYTE * inputLength + FIXED_BYTES;
    }

    /**
     * Heap allocated by the current thread to decode {@code input} once, accepted or refused. Decode the same input
     * once before: the first run through a string concatenation or a lambda allocates for its bootstrap, once per
     * JVM, and that is not the decoder's doing.
     */
    public static long measure(byte[] input) {
        long before = AllocationMeter.allocatedBytes();
        try {
            BinCodec.decode(input);
        } catch (MalformedPacketException refused) {
            // refusing costs allocation too, and is measured the same way
        }
        return AllocationMeter.allocatedBytes() - before;
    }
}
