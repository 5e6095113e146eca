package io.sipcluster.app.calls;

import io.sipcluster.proxy.Locator;
import io.sipcluster.proxy.Proxy;
import io.sipcluster.proxy.Target;
import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.SipUri;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.usrloc.service.AorKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's view of the usrloc table: a Request-URI's user is the AoR {@code user@host}, as the registrar stores
 * it (tried without the Request-URI's port first, then with it). Each live contact is a branch, sent to its NAT
 * source ({@code received}) when it has one, over TCP when that says {@code transport=tcp}. The table does not
 * tell an unknown user from one without contacts: both are "not found" (404), as OpenSIPS's {@code lookup()}.
 */
final class LocationLocator implements Locator {
    private final LocationService location;

    LocationLocator(LocationService location) {
        this.location = location;
    }

    @Override
    public List<Target> lookup(SipUri uri) {
        // the AoR is user@host as the registrar filed it from the To URI; a Request-URI usually adds the port
        String key = uri.aorKey();
        List<Binding> bindings = List.of();
        if (uri.port() >= 0) {
            bindings = location.lookup(AorKey.of(key.substring(0, key.lastIndexOf(':'))));
        }
        if (bindings.isEmpty()) {
            bindings = location.lookup(AorKey.of(key));
        }
        if (bindings.isEmpty()) {
            return null;
        }
        List<Target> out = new ArrayList<>(bindings.size());
        for (Binding b : bindings) {
            String contact = b.contactUri().toString();
            String via = b.received().length() > 0 ? b.received().toString() : contact;
            try {
                SipUri next = SipUri.parse(via.startsWith("sip:") || via.startsWith("sips:") ? via : "sip:" + via);
                out.add(new Target(contact, Proxy.hopOf(next)));
            } catch (MalformedSipException | IllegalArgumentException unreadable) {
                // a contact the registrar accepted but that names no reachable host: skipped
            }
        }
        return out;
    }
}
