package io.sipcluster.sip;

/**
 * Departures from RFC 3261 that the parser accepts because RFC 4475 says a liberal element may, recorded on the
 * message ({@link SipMessage#tolerated}) so that the application can see them, count them, or refuse them after
 * all. None of them changes what the parsed fields are; where the RFC says a forwarded message must not carry the
 * departure on, the builders write the part afresh.
 */
public enum Tolerance {
    /** More than one SP between the parts of the request line (RFC 4475 §3.1.2.9, lwsstart). */
    EXTRA_SPACES_IN_REQUEST_LINE,
    /** SP or HT after the SIP-Version of the request line (RFC 4475 §3.1.2.10, trws). */
    TRAILING_SPACES_IN_REQUEST_LINE,
    /**
     * A datagram without Content-Length: its body is the rest of the datagram (RFC 3261 §18.3 allows this on UDP
     * only; RFC 4475 §3.4.1, inv2543). Never tolerated on a stream.
     */
    CONTENT_LENGTH_ABSENT,
    /** Bytes after the body of a datagram, ignored as RFC 3261 §18.3 requires (RFC 4475 §3.1.1.8, dblreq). */
    BYTES_AFTER_BODY;

    int bit() {
        return 1 << ordinal();
    }
}
