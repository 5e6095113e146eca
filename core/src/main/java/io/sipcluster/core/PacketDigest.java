package io.sipcluster.core;

import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.BinWriter;

/**
 * A 64-bit fingerprint of a packet: its encoded bytes, hashed. Equal packets give equal digests; two different
 * packets share one with a chance of about 2^-64, so a table of digests can stand in for a table of packets.
 * Not a cryptographic hash: a peer that wants to waste our bandwidth can do so without forging collisions.
 */
final class PacketDigest {
    private static final long M1 = 0x87c37b91114253d5L;
    private static final long M2 = 0x4cf5ad432745937fL;

    /** Reused for every packet (the engine is single-threaded), so a digest allocates nothing once warm. */
    private final BinWriter writer = new BinWriter();

    long of(BinMessage m) {
        int len = BinCodec.encode(m, writer);
        return hash(writer.array(), len);
    }

    /** Mixes the bytes eight at a time, then the tail and the length, and spreads every bit over the result. */
    static long hash(byte[] b, int len) {
        long h = 0x9e3779b97f4a7c15L;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            h ^= Long.rotateLeft(littleEndianLong(b, i) * M1, 31) * M2;
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        long tail = 0;
        for (int shift = 0; i < len; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        h ^= Long.rotateLeft(tail * M1, 31) * M2;
        h ^= len;
        return finalMix(h);
    }

    private static long littleEndianLong(byte[] b, int i) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = v << 8 | (b[i + k] & 0xffL);
        }
        return v;
    }

    private static long finalMix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
