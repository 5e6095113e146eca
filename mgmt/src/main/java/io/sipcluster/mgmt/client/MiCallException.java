package io.sipcluster.mgmt.client;

/** The node answered the call with a JSON-RPC error object. */
public final class MiCallException extends Exception {
    private final int code;
    private final String data;

    public MiCallException(int code, String message, String data) {
        super(code + " " + message + (data == null ? "" : ": " + data));
        this.code = code;
        this.data = data;
    }

    public int code() {
        return code;
    }

    /** The error's {@code data} member, or null. */
    public String data() {
        return data;
    }
}
