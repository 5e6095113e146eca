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
     * An in-dialog request about to be forwarded (ACK, BYE, re-INVITE...). Returns the next hop for a request that
     * has no Route to follow and names this proxy in its Request-URI (a UA that ignored Record-Route), found from
     * the dialog; null otherwise.
     */
    Target inDialog(SipRequest request, Hop from, long now);

    CallHooks NONE = new CallHooks() {
        @Override
        public Refusal admit(SipRequest invite, Hop from, long now) {
            return null;
        }

        @Override
        public void answered(SipRequest invite, int status, SipResponse response, long now) {}

        @Override
        public Target inDialog(SipRequest request, Hop from, long now) {
            return null;
        }
    };
}
