package io.sipcluster.sip;

/**
 * SIP input that does not follow RFC 3261: a broken start line, a header field that does not match its grammar, a
 * framing error, or a value over one of the {@link SipLimits}.
 *
 * <p>This is the only exception the parser, the lazy header accessors and the stream framer throw for bad input. It
 * names the field that was bad ({@code "Via.branch"}, {@code "Content-Length"}, {@code "Request-URI"}), so that a
 * server can answer {@code 400 Bad Request} with a useful reason and an operator can find the sender's bug. The
 * message never quotes the offending bytes: they are the peer's, and may be long or hostile. The stack trace is
 * not filled in, so that a flood of bad messages stays cheap.
 */
public final class MalformedSipException extends Exception {
    private final String field;

    public MalformedSipException(String field, String problem) {
        super(field + ": " + problem, null, false, false);
        this.field = field;
    }

    /** The field that was bad, e.g. {@code "Via"}, {@code "Contact.expires"} or {@code "start line"}. */
    public String field() {
        return field;
    }
}
