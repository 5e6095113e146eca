package io.sipcluster.proxy;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a message goes or came from: a host (an IP literal, or a name the edge resolves), a port and a transport
 * ({@code UDP} or {@code TCP}). The proxy core never resolves names: that is I/O, and belongs to the edge.
 */
public record Hop(String host, int port, String transport) {
    public Hop {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " outside 1-65535");
        }
        transport = transport.toUpperCase(Locale.ROOT);
    }

    public static Hop udp(String host, int port) {
        return new Hop(host, port, "UDP");
    }

    /** {@code host:port}, IPv6 in brackets: what a Via sent-by or a URI host part holds. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** True when {@code host} and {@code port} name this hop (IPv6 brackets ignored). */
    public boolean sameAddress(String otherHost, int otherPort) {
        return port == otherPort && bare(host).equalsIgnoreCase(bare(otherHost));
    }

    static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return transport + ":" + hostPort();
    }
}
