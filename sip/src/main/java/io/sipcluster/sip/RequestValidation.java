package io.sipcluster.sip;

/**
 * The checks a registrar or proxy makes before acting on a request, beyond what parsing checked (RFC 3261 §8.2,
 * §16.3): the Request-URI, the top Via, From, To, Call-ID and CSeq are present, single where they must be, and
 * well-formed (RFC 4475 §3.3.1 misses some, §3.3.8 repeats some); the CSeq method is the request's method
 * (§3.1.2.17, §3.1.2.18); Max-Forwards, if present, is 0-255. Each failure names the field, for a 400.
 *
 * <p>Not checked here, because the answer is not 400 and depends on the element: the SIP-Version (505), the
 * Request-URI scheme (416), Max-Forwards 0 (483 at a proxy), Require (420).
 */
public final class RequestValidation {
    private RequestValidation() {}

    public static void check(SipRequest request) throws MalformedSipException {
        request.requestUri();
        request.topVia();
        request.from();
        request.to();
        request.callId();
        CSeq cseq = request.cseq();
        if (!cseq.method().equals(request.method())) {
            throw new MalformedSipException("CSeq", "method differs from the request's method");
        }
        request.maxForwards();
    }
}
