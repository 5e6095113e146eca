package io.sipcluster.core.topology;

/**
 * Node id to graph index, an open-addressing table of ints: the graph looks ids up for every link an update
 * names, and boxed map lookups were a tenth of the cost of a forming 128-node cluster.
 */
final class NodeIndex {
    private static final int FREE = 0;
    private static final int REMOVED = -1;

    /** Packed (id, index + 1) entries ({@link #pack}), FREE or REMOVED; a power of two long. */
    private long[] slots = new long[32];
    /** Slots not FREE, removed ones included (they are dropped at the next rehash). */
    private int used;

    /** The index of {@code id}, or -1. */
    int get(int id) {
        int mask = slots.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == FREE) {
                return -1;
            }
            if (s != REMOVED && key(s) == id) {
                return value(s);
            }
        }
    }

    void put(int id, int idx) {
        if ((used + 1) * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        int mask = slots.length - 1;
        int firstRemoved = -1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == FREE) {
                slots[firstRemoved >= 0 ? firstRemoved : i] = pack(id, idx);
                if (firstRemoved < 0) {
                    used++;
                }
                return;
            }
            if (s == REMOVED) {
                if (firstRemoved < 0) {
                    firstRemoved = i;
                }
            } else if (key(s) == id) {
                slots[i] = pack(id, idx);
                return;
            }
        }
    }

    void remove(int id) {
        int mask = slots.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == FREE) {
                return;
            }
            if (s != REMOVED && key(s) == id) {
                slots[i] = REMOVED;
                return;
            }
        }
    }

    private void rehash(int capacity) {
        long[] old = slots;
        slots = new long[capacity];
        used = 0;
        for (long s : old) {
            if (s != FREE && s != REMOVED) {
                put(key(s), value(s));
            }
        }
    }

    /** A slot holds the id in the high half and index + 1 in the low half, so that no entry is 0 or -1. */
    private static long pack(int id, int idx) {
        return (long) id << 32 | (idx + 1L);
    }

    private static int key(long slot) {
        return (int) (slot >>> 32);
    }

    private static int value(long slot) {
        return (int) slot - 1;
    }

    private static int mix(int id) {
        return id * 0x9E3779B9 >>> 7;
    }
}
