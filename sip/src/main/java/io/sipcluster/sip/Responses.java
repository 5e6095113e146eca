package io.sipcluster.sip;

/**
 * The responses a registrar and a proxy send most, as one call each. Each takes the To tag to add (see
 * {@link ResponseBuilder#toTag}); use {@link ResponseBuilder} for anything more.
 */
public final class Responses {
    private Responses() {}

    public static byte[] ok(SipRequest request, String toTag) {
        return ResponseBuilder.of(request, 200).toTag(toTag).build();
    }

    /**
     * 400 naming the field that was bad, e.g. {@code 400 Bad Request (Via)}. Only the field's name goes into the
     * reason phrase, never the peer's bytes.
     */
    public static byte[] badRequest(SipRequest request, String toTag, MalformedSipException why) {
        return ResponseBuilder.of(request, 400).reason("Bad Request (" + why.field() + ")").toTag(toTag).build();
    }

    public static byte[] notFound(SipRequest request, String toTag) {
        return ResponseBuilder.of(request, 404).toTag(toTag).build();
    }

    /** 416 for a Request-URI, or a To in a REGISTER, whose scheme is not served (RFC 4475 §3.3.2, §3.3.4). */
    public static byte[] unsupportedUriScheme(SipRequest request, String toTag) {
        return ResponseBuilder.of(request, 416).toTag(toTag).build();
    }

    /** 423 with the Min-Expires the registrar accepts (RFC 3261 §10.3 step 7). */
    public static byte[] intervalTooBrief(SipRequest request, String toTag, long minExpiresSeconds) {
        return ResponseBuilder.of(request, 423).toTag(toTag)
                .header(HeaderName.MIN_EXPIRES, Long.toString(minExpiresSeconds)).build();
    }

    /** 483 for a request whose Max-Forwards reached 0 (RFC 3261 §16.3 step 3). */
    public static byte[] tooManyHops(SipRequest request, String toTag) {
        return ResponseBuilder.of(request, 483).toTag(toTag).build();
    }

    public static byte[] serverInternalError(SipRequest request, String toTag) {
        return ResponseBuilder.of(request, 500).toTag(toTag).build();
    }

    /** 503, with Retry-After unless {@code retryAfterSeconds} is negative (RFC 3261 §21.5.4). */
    public static byte[] serviceUnavailable(SipRequest request, String toTag, long retryAfterSeconds) {
        ResponseBuilder r = ResponseBuilder.of(request, 503).toTag(toTag);
        if (retryAfterSeconds >= 0) {
            r.header(HeaderName.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return r.build();
    }

    /** 505 for a SIP-Version other than 2.0 (RFC 4475 §3.1.2.16). */
    public static byte[] versionNotSupported(SipRequest request, String toTag) {
        return ResponseBuilder.of(request, 505).toTag(toTag).build();
    }
}
