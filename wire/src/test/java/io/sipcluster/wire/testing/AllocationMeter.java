package io.sipcluster.wire.testing;

import java.lang.management.ManagementFactory;

/** Bytes of heap the current thread has allocated, as HotSpot counts them (TLAB and outside-TLAB allocations). */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {}

    /** False on a JVM that does not count per-thread allocation; measurements are meaningless there. */
    public static boolean isSupported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /** A running total for the current thread; subtract two readings to get what happened in between. */
    public static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
