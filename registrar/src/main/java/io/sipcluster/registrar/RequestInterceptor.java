package io.sipcluster.registrar;

import io.sipcluster.sip.SipRequest;
import java.net.InetSocketAddress;

/** Takes the requests that are not the registrar's (a proxy's), before the registrar sees them. */
@FunctionalInterface
public interface RequestInterceptor {
    /** True if it took {@code request}, which came from {@code from} over {@code transport} (UDP, TCP). */
    boolean take(SipRequest request, InetSocketAddress from, String transport);
}
