package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;

/** A request: {@code Method SP Request-URI SP SIP-Version CRLF}, header fields, body. */
public final class SipRequest extends SipMessage {
    private final String method;
    private final int uriStart;
    private final int uriEnd;
    private Uri requestUri;

    SipRequest(MessageLayout layout, String method, int uriStart, int uriEnd, String version) {
        super(layout, version);
        this.method = method;
        this.uriStart = uriStart;
        this.uriEnd = uriEnd;
    }

    /** The method token, case-sensitive; common methods are the {@link Methods} constants. */
    public String method() {
        return method;
    }

    /**
     * The Request-URI. A SIP URI here must not have headers (RFC 3261 §19.1.1); RFC 4475 §3.1.2.11 allows refusing
     * such a request, which is what this accessor does. Any other scheme is returned as an {@link OpaqueUri}: a
     * registrar or proxy that does not serve it answers 416 (§3.3.2, §3.3.3).
     */
    public Uri requestUri() throws MalformedSipException {
        if (requestUri == null) {
            Uri uri = Uri.read(b, uriStart, uriEnd, limits.maxParameters(), "Request-URI");
            if (uri instanceof SipUri sip && sip.hasHeaders()) {
                throw new MalformedSipException("Request-URI", "headers are not allowed in a Request-URI");
            }
            requestUri = uri;
        }
        return requestUri;
    }

    /** The Request-URI exactly as received. */
    public String requestUriText() {
        return new String(b, uriStart, uriEnd - uriStart, StandardCharsets.UTF_8);
    }
}
