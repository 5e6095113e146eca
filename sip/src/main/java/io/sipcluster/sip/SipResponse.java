package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;

/** A response: {@code SIP-Version SP Status-Code SP Reason-Phrase CRLF}, header fields, body. */
public final class SipResponse extends SipMessage {
    private final int statusCode;
    /** The first byte of the reason phrase; equal to the start line's end when it is empty. */
    private final int reasonStart;

    SipResponse(MessageLayout layout, int statusCode, int reasonStart, String version) {
        super(layout, version);
        this.statusCode = statusCode;
        this.reasonStart = reasonStart;
    }

    /** 100 to 699. */
    public int statusCode() {
        return statusCode;
    }

    /** The reason phrase as UTF-8, possibly empty (RFC 4475 §3.1.1.12, §3.1.1.13). */
    public String reasonPhrase() {
        return new String(b, reasonStart, layout.startLineEnd - reasonStart, StandardCharsets.UTF_8);
    }
}
