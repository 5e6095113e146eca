package io.sipcluster.proxy;

import java.util.Objects;

/** One branch to try: the Request-URI it gets and the next hop it is sent to (a NATed contact's source address). */
public record Target(String requestUri, Hop destination) {
    public Target {
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(destination, "destination");
    }
}
