package io.sipcluster.sip;

/**
 * Where the parts of a message are: the start line, the header fields (the inherited index), the body; and what
 * the parser tolerated. The parser fills it in; the message keeps it as its index.
 */
final class MessageLayout extends HeaderFields {
    final SipLimits limits;
    final int start;
    /** The CR of the start line's CRLF. */
    int startLineEnd;
    /** The CR of the empty line that ends the header section. */
    int headerEnd;
    int bodyStart;
    int bodyEnd;
    int tolerated;

    MessageLayout(byte[] b, int start, SipLimits limits) {
        super(b);
        clear(b, start);
        this.start = start;
        this.limits = limits;
    }

    void tolerate(Tolerance t) {
        tolerated |= t.bit();
    }
}
