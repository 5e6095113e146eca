package io.sipcluster.sip;

/** Replaces the CSeq value of a message with another number and the same method, as one splice. */
final class CSeqRewrite {
    private CSeqRewrite() {}

    static void replace(SipMessage m, long number, Splices s) throws MalformedSipException {
        int at = m.single(HeaderName.CSEQ);
        s.replace(m.fields.valueStart(at), m.fields.valueEnd(at), number + " " + m.cseq().method());
    }
}
