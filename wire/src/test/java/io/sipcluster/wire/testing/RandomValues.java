package io.sipcluster.wire.testing;

import io.sipcluster.wire.Str;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

/**
 * Field values for generated messages, biased towards what breaks codecs: edge integers, empty strings, non-ASCII
 * UTF-8, bytes that are not UTF-8 at all, and counts at their limits.
 */
public final class RandomValues {
    private static final int[] EDGE_INTS = {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE};
    private static final long[] EDGE_LONGS = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFF_FFFFL};
    /** Bytes that never occur in well-formed UTF-8: one of them anywhere makes a string invalid. */
    private static final int[] NEVER_UTF8 = {0xC0, 0xC1, 0xF5, 0xF8, 0xFE, 0xFF};
    /** Sequences that are invalid in context: lone continuation, overlong '/', UTF-16 surrogate, cut-off euro sign. */
    private static final byte[][] INVALID_SEQUENCES = {
        {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
    };
    private static final int MAX_STR = 0xFFFF;

    private final SplittableRandom random;

    public RandomValues(SplittableRandom random) {
        this.random = random;
    }

    public int anInt() {
        return random.nextInt(5) == 0 ? EDGE_INTS[random.nextInt(EDGE_INTS.length)] : random.nextInt();
    }

    public long aLong() {
        return random.nextInt(5) == 0 ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : random.nextLong();
    }

    /** A value OpenSIPS keeps in a C short (header versions): edges of the signed 16-bit range included. */
    public int aShort() {
        return switch (random.nextInt(6)) {
            case 0 -> Short.MIN_VALUE;
            case 1 -> Short.MAX_VALUE;
            case 2 -> -1;
            case 3 -> random.nextInt(4);
            default -> (short) random.nextInt();
        };
    }

    /** One of {@code choices}, for fields with a small set of meaningful values (flags, states, modes). */
    public int oneOf(int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    /**
     * How many list elements to generate: often 0 or 1, sometimes exactly {@code max}, never more than the budget
     * holds at {@code minElementBytes} each. The elements' fixed bytes are taken from the budget here.
     */
    public int count(int max, int minElementBytes, ByteBudget budget) {
        int n = switch (random.nextInt(10)) {
            case 0, 1 -> 0;
            case 2, 3 -> 1;
            case 4 -> max;
            case 5 -> random.nextInt(max + 1);
            default -> random.nextInt(Math.min(max, 8) + 1);
        };
        n = Math.min(n, budget.remaining() / minElementBytes);
        budget.take(n * minElementBytes);
        return n;
    }

    /**
     * A str field. Only its bytes are taken from the budget: its 2-byte length is a fixed part, covered by the
     * caller's reserve or by the element size it passed to {@link #count}.
     */
    public Str str(ByteBudget budget) {
        int len = Math.min(strLength(), Math.min(budget.remaining(), MAX_STR));
        budget.take(len);
        return Str.ofBytes(bytes(len));
    }

    /** {@code len} bytes of one of the kinds a peer may send: ASCII, UTF-8, invalid UTF-8 or anything. */
    public byte[] bytes(int len) {
        return switch (random.nextInt(4)) {
            case 0 -> ascii(len);
            case 1 -> utf8(len);
            case 2 -> invalidUtf8(len);
            default -> arbitrary(len);
        };
    }

    private int strLength() {
        int kind = random.nextInt(100);
        if (kind < 25) {
            return 0;
        }
        if (kind < 50) {
            return 1 + random.nextInt(8);
        }
        if (kind < 85) {
            return 9 + random.nextInt(56);
        }
        if (kind < 97) {
            return 65 + random.nextInt(448);
        }
        return 513 + random.nextInt(8192 - 512);
    }

    private byte[] ascii(int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (0x20 + random.nextInt(0x7F - 0x20));
        }
        return b;
    }

    /** Well-formed UTF-8 with 2-, 3- and 4-byte sequences; padded with ASCII where a sequence would not fit. */
    private byte[] utf8(int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len);
        while (out.size() < len) {
            byte[] cp = new String(Character.toChars(codePoint()))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (out.size() + cp.length > len) {
                cp = new byte[] {(byte) ('a' + random.nextInt(26))};
            }
            out.write(cp, 0, cp.length);
        }
        return out.toByteArray();
    }

    private int codePoint() {
        return switch (random.nextInt(4)) {
            case 0 -> 0x20 + random.nextInt(0x5F);
            case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
            case 2 -> {
                int c = 0x800 + random.nextInt(0x10000 - 0x800);
                yield Character.isSurrogate((char) c) ? 0x20AC : c;
            }
            default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
        };
    }

    /** UTF-8 text spoiled by at least one byte no UTF-8 decoder accepts, and maybe a bad sequence. */
    private byte[] invalidUtf8(int len) {
        byte[] b = utf8(len);
        if (len == 0) {
            return b;
        }
        byte[] seq = INVALID_SEQUENCES[random.nextInt(INVALID_SEQUENCES.length)];
        if (seq.length <= len) {
            System.arraycopy(seq, 0, b, random.nextInt(len - seq.length + 1), seq.length);
        }
        b[random.nextInt(len)] = (byte) NEVER_UTF8[random.nextInt(NEVER_UTF8.length)];
        return b;
    }

    private byte[] arbitrary(int len) {
        byte[] b = new byte[len];
        random.nextBytes(b);
        return b;
    }
}
