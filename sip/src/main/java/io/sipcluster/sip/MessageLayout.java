package io.sipcluster.sip;

/** Where the parts of a message are, as the parser found them; handed to the message's constructor. */
final class MessageLayout {
    final byte[] b;
    final SipLimits limits;
    final HeaderFields fields = new HeaderFields();
    int start;
    int startLineEnd;
    int headerEnd;
    int bodyStart;
    int bodyEnd;
    int tolerated;

    MessageLayout(byte[] b, SipLimits limits) {
        this.b = b;
        this.limits = limits;
    }

    void tolerate(Tolerance t) {
        tolerated |= t.bit();
    }
}
