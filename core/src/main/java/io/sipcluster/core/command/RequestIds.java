package io.sipcluster.core.command;

/**
 * Ids for the command requests of one engine: its start in wall-clock seconds in the high 32 bits, a counter in
 * the low 32. A reply to a request of an earlier run of the node (a restart at least a second before) therefore
 * never matches a new request. Always positive, so -1 is free to mean "no id" (a plain MI_CMD).
 */
public final class RequestIds {
    private final long base;
    private int issued;

    public RequestIds(int startSeconds) {
        this.base = (startSeconds & 0x7fffffffL) << 32;
    }

    public long next() {
        return base | (++issued & 0xffffffffL);
    }
}
