package io.sipcluster.dialog;

/** The other nodes' part of a profile's count (from {@code dialog-prof-repl}); 0 without replication. */
@FunctionalInterface
public interface RemoteCounts {
    int count(String profile, String value, long nowMillis);

    RemoteCounts NONE = (p, v, t) -> 0;
}
