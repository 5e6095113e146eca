package io.sipcluster.mgmt.command;

/**
 * A command's error answer, carried to the caller as a JSON-RPC error object. OpenSIPS commands answer with HTTP-like
 * codes (400 bad value, 404 not found, 500 failure) next to JSON-RPC's own negative codes; both are kept as they are
 * so that scripts written against OpenSIPS read the same codes.
 *
 * @see <a href="https://www.jsonrpc.org/specification#error_object">JSON-RPC 2.0 error object</a>
 */
public final class MiException extends Exception {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** Implementation-defined server error (JSON-RPC reserves -32000..-32099): used for timeouts and overload. */
    public static final int SERVER_ERROR = -32000;
    /** OpenSIPS's code for a command name that matches several commands. */
    public static final int AMBIGUOUS_METHOD = -32001;

    private final int code;
    private final String detail;

    /**
     * @param detail extra text for the error's {@code data} member, or null
     */
    public MiException(int code, String message, String detail) {
        super(message, null, false, false);
        this.code = code;
        this.detail = detail;
    }

    /** An OpenSIPS-style error such as {@code 404 "Cluster id not found"}. */
    public static MiException of(int code, String message) {
        return new MiException(code, message, null);
    }

    public static MiException invalidParams(String detail) {
        return new MiException(INVALID_PARAMS, "Invalid params", detail);
    }

    public static MiException badType(String param) {
        return invalidParams("Bad type for parameter '" + param + "'");
    }

    public static MiException internal(String detail) {
        return new MiException(INTERNAL_ERROR, "Internal error", detail);
    }

    public int code() {
        return code;
    }

    /** Extra text for the error's {@code data} member, or null. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return code + " " + getMessage() + (detail == null ? "" : " (" + detail + ")");
    }
}
