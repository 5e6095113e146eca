package io.sipcluster.core;

/**
 * Wall-clock time, for the timestamps carried in topology updates (OpenSIPS {@code time(NULL)}); nodes compare
 * them to tell a restarted peer from a stale update. Failure detection never uses it: it runs on the monotonic
 * time passed with each input.
 */
@FunctionalInterface
public interface WallClock {
    int unixSeconds();
}
