package io.sipcluster.wire.testing;

/**
 * The bytes a generated message may still use, so that everything generated fits in one BIN packet.
 *
 * <p>Variable-size parts (strings, list elements) draw from it; fixed fields are covered by the reserve the
 * generator subtracts up front. It only ever over-counts, so a message built within it is never too large.
 */
public final class ByteBudget {
    private int remaining;

    public ByteBudget(int bytes) {
        remaining = Math.max(bytes, 0);
    }

    public int remaining() {
        return remaining;
    }

    public void take(int bytes) {
        if (bytes > remaining) {
            throw new IllegalStateException("generator bug: took " + bytes + " bytes with " + remaining + " left");
        }
        remaining -= bytes;
    }
}
