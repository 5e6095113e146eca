package io.sipcluster.sip;

import java.lang.management.ManagementFactory;

/** Bytes of heap the current thread has allocated, as HotSpot counts them. */
final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {}

    /** False on a JVM that does not count per-thread allocation; measurements are meaningless there. */
    static boolean isSupported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
