package io.sipcluster.proxy;

import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;

/**
 * How call state (dialogs, call limits, rate limits) takes part in proxying, called under the proxy's lock, so an
 * implementation must be quick and must not call back into the proxy.
 */
public interface CallHooks {
    /** A refusal of an initial INVITE: the status (403, 486, 503...) and an optional reason phrase. */
    record Refusal(int status, String reason) {}

    /** An initial INVITE about to be forked: null lets it through. */
    Refusal admit(SipRequest invite, Hop from, long now);

    /**
     * A response sent upstream for an initial INVITE; {@code response} is null when the proxy answered itself
     * (404, 408, 480...). A 2xx may come more than once (forking).
     */
    void answered(SipRequest invite, int status, SipResponse response, long now);

    /**
     * How the dialog wants an in-dialog request forwarded.
     *
     * @param target the next hop for a request that has no Route to follow and names this proxy in its Request-URI
     *               (a UA that ignored Record-Route), from the dialog; null to route by Route and Request-URI only
     * @param cseq   the CSeq number to send it with (this node sent requests of its own to that party), or -1
     */
    record InDialog(Target target, long cseq) {
        public static final InDialog UNKNOWN = new InDialog(null, -1);
    }

    /** An in-dialog request about to be forwarded (ACK, BYE, re-INVITE...); never null. */
    InDialog inDialog(SipRequest request, Hop from, long now);

    CallHooks NONE = new CallHooks() {
        @Override
        public Refusal admit(SipRequest invite, Hop from, long now) {
            return null;
        }

        @Override
        public void answered(SipRequest invite, int status, SipResponse response, long now) {}

        @Override
        public InDialog inDialog(SipRequest request, Hop from, long now) {
            return InDialog.UNKNOWN;
        }
    };
}
