package io.sipcluster.sip;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * The header edits of a proxy forwarding a request (RFC 3261 §16.6), applied to the received bytes so that every
 * byte not edited goes out as it came in:
 * <ol>
 *   <li>the Request-URI, when the proxy retargets, is replaced; the request line is also rewritten when the parser
 *       tolerated extra spaces in it, which must not be passed on (RFC 4475 §3.1.2.9, §3.1.2.10);</li>
 *   <li>Max-Forwards is decremented in place, or added as 70 if absent; a request with 0 must be answered with 483
 *       instead ({@link Responses#tooManyHops}), and forwarding it is refused;</li>
 *   <li>a Record-Route is inserted above the existing ones, if the proxy wants to stay on the dialog's path;</li>
 *   <li>the first Route value is removed if it names this proxy (§16.4);</li>
 *   <li>the proxy's Via is inserted as the first header line, and the previous hop's Via gets
 *       {@code received}/{@code rport} (§18.2.1, RFC 3581).</li>
 * </ol>
 * The body is unchanged, and so is Content-Length; a request that came in a datagram without one (RFC 4475
 * §3.4.1) gets one, so that it can go on over a stream. Branches come from the caller: this package has no
 * randomness.
 */
public final class RequestForwarder {
    private static final int DEFAULT_MAX_FORWARDS = 70;

    private final SipRequest request;
    private String requestUri;
    private String viaTransport;
    private String viaHost;
    private int viaPort = -1;
    private String viaBranch;
    private String sourceAddress;
    private int sourcePort;
    private String recordRoute;
    private Predicate<SipUri> ownRoute;
    private long cseq = -1;

    private RequestForwarder(SipRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    public static RequestForwarder of(SipRequest request) {
        return new RequestForwarder(request);
    }

    /** The proxy's own Via: {@code SIP/2.0/<transport> <host>[:<port>];branch=<branch>}; port -1 for none. */
    public RequestForwarder via(String transport, String host, int port, String branch) {
        viaTransport = ResponseBuilder.checkToken(transport, "transport");
        viaHost = ResponseBuilder.checkText(host, "Via host");
        viaPort = port;
        viaBranch = ResponseBuilder.checkToken(branch, "branch");
        return this;
    }

    /** The request came from this address and port; annotate the previous hop's Via ({@link ReceivedParams}). */
    public RequestForwarder received(String address, int port) {
        sourceAddress = ResponseBuilder.checkText(address, "source address");
        sourcePort = port;
        return this;
    }

    /** Insert {@code Record-Route: <uri>} above the existing ones; {@code uri} should carry {@code ;lr}. */
    public RequestForwarder recordRoute(String uri) {
        recordRoute = ResponseBuilder.checkText(uri, "Record-Route URI");
        return this;
    }

    /** Remove the first Route value if its URI is one of this proxy's, as {@code isOwn} decides. */
    public RequestForwarder stripOwnRoute(Predicate<SipUri> isOwn) {
        ownRoute = Objects.requireNonNull(isOwn, "isOwn");
        return this;
    }

    /**
     * Send the request with this CSeq number (same method): a proxy that sent requests of its own inside the dialog
     * numbers the later ones for that party itself.
     */
    public RequestForwarder cseq(long number) {
        if (number < 0 || number > 0xffffffffL) {
            throw new IllegalArgumentException("CSeq number outside 0-2^32-1: " + number);
        }
        cseq = number;
        return this;
    }

    /** Send the request to this Request-URI instead of the received one. */
    public RequestForwarder requestUri(String uri) {
        requestUri = ResponseBuilder.checkText(uri, "Request-URI");
        return this;
    }

    public byte[] build() throws MalformedSipException {
        SipWriter w = new SipWriter(request.length() + 256);
        writeTo(w);
        return w.toByteArray();
    }

    /**
     * Appends the forwarded request to {@code w}.
     *
     * @throws MalformedSipException if a header the edits need (Max-Forwards, the top Via, the first Route) is
     *                               malformed; the request should then be answered with 400
     * @throws IllegalStateException if no Via was given, or Max-Forwards is 0
     */
    public void writeTo(SipWriter w) throws MalformedSipException {
        if (viaHost == null) {
            throw new IllegalStateException("via(...) is required to forward a request");
        }
        Splices s = new Splices();
        int headerStart = request.layout.startLineEnd + 2;
        rewriteRequestLine(s);
        s.insert(headerStart, viaLine());
        if (sourceAddress != null) {
            ReceivedParams.annotate(request, sourceAddress, sourcePort, s);
        }
        if (recordRoute != null) {
            int first = request.fields.next(HeaderName.RECORD_ROUTE, 0);
            s.insert(first >= 0 ? request.fields.nameStart(first) : headerStart,
                    "Record-Route: <" + recordRoute + ">\r\n");
        }
        decrementMaxForwards(s, headerStart);
        if (ownRoute != null) {
            stripFirstRouteIfOwn(s);
        }
        if (cseq >= 0) {
            CSeqRewrite.replace(request, cseq, s);
        }
        if (request.contentLength() < 0) {
            s.insert(request.layout.headerEnd, "Content-Length: " + request.bodyLength() + "\r\n");
        }
        s.writeTo(request.b, request.layout.start, request.layout.bodyEnd, w);
    }

    private void rewriteRequestLine(Splices s) {
        boolean untidy = request.wasTolerated(Tolerance.EXTRA_SPACES_IN_REQUEST_LINE)
                || request.wasTolerated(Tolerance.TRAILING_SPACES_IN_REQUEST_LINE);
        if (requestUri != null || untidy) {
            String uri = requestUri != null ? requestUri : request.requestUriText();
            s.replace(request.layout.start, request.layout.startLineEnd, request.method() + ' ' + uri + ' ' + request.version());
        }
    }

    private String viaLine() {
        StringBuilder v = new StringBuilder(64).append("Via: SIP/2.0/").append(viaTransport).append(' ')
                .append(viaHost);
        if (viaPort >= 0) {
            v.append(':').append(viaPort);
        }
        return v.append(";branch=").append(viaBranch).append("\r\n").toString();
    }

    private void decrementMaxForwards(Splices s, int headerStart) throws MalformedSipException {
        int maxForwards = request.maxForwards();
        if (maxForwards == 0) {
            throw new IllegalStateException("Max-Forwards is 0: answer 483 instead of forwarding");
        }
        if (maxForwards < 0) {
            s.insert(headerStart, "Max-Forwards: " + DEFAULT_MAX_FORWARDS + "\r\n");
        } else {
            int at = request.single(HeaderName.MAX_FORWARDS);
            s.replace(request.fields.valueStart(at), request.fields.valueEnd(at), Integer.toString(maxForwards - 1));
        }
    }

    private void stripFirstRouteIfOwn(Splices s) throws MalformedSipException {
        int line = request.fields.next(HeaderName.ROUTE, 0);
        if (line < 0) {
            return;
        }
        Cursor c = request.newCursor(line, "Route");
        NameAddress first = NameAddressReader.read(c, true, request.limits.maxParameters());
        if (!(first.uri() instanceof SipUri uri) || !ownRoute.test(uri)) {
            return;
        }
        FirstValue.remove(request, line, c, s);
    }
}
