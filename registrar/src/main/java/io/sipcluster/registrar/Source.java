package io.sipcluster.registrar;

import java.util.Objects;

/**
 * Where a request came from: the packet's source address and port, and the transport it arrived on
 * ({@code "UDP"}, {@code "TCP"}, ...).
 */
public record Source(String address, int port, String transport) {
    public Source {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(transport, "transport");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port outside 0-65535: " + port);
        }
    }
}
