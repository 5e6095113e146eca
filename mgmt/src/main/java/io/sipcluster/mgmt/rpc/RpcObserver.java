package io.sipcluster.mgmt.rpc;

/** Told about every JSON-RPC call the dispatcher finished (for metrics). Called on the request's thread. */
@FunctionalInterface
public interface RpcObserver {
    /**
     * @param method the command's full name, or {@code "unknown"} when the name matched no command (callers' typos
     *     must not create new metric series), or {@code "invalid"} for a body or request that is not
     *     valid JSON-RPC
     * @param errorCode 0 on success, else the error object's code
     */
    void completed(String method, int errorCode, long durationNanos);

    RpcObserver NONE = (method, errorCode, durationNanos) -> { };
}
