package io.sipcluster.proxy;

import io.sipcluster.sip.SipUri;
import java.util.List;

/** The location service as the proxy sees it: where the user a Request-URI names can be reached. */
@FunctionalInterface
public interface Locator {
    /**
     * The live contacts of the user {@code uri} names, best first: empty when the user is known but has none
     * (answered 480), null when the user is not known at all (answered 404).
     */
    List<Target> lookup(SipUri uri);
}
