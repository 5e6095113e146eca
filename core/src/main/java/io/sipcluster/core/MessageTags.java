package io.sipcluster.core;

import io.sipcluster.wire.Str;

/**
 * Tags for generic requests: {@code <cluster>-<node>-<start>-<n>}, where start is the engine's start in wall-clock
 * seconds and n counts the requests since. OpenSIPS writes {@code <cluster>-<node>-} and 24 random characters;
 * the same prefix keeps scripts that read it working, and the rest is unique across the node's restarts without
 * randomness (as long as a node does not start twice within one second, which a process start never does).
 */
final class MessageTags {
    private final int nodeId;
    private final int startSeconds;
    private long issued;

    MessageTags(int nodeId, int startSeconds) {
        this.nodeId = nodeId;
        this.startSeconds = startSeconds;
    }

    Str next(int clusterId) {
        return Str.of(clusterId + "-" + nodeId + "-" + startSeconds + "-" + ++issued);
    }
}
