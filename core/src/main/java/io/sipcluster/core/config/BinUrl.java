package io.sipcluster.core.config;

import io.sipcluster.wire.Str;
import java.util.Locale;

/**
 * Where a node listens for BIN: {@code bin:host:port} (TCP) or {@code bins:host:port} (TLS). One type for every
 * layer: the node file and the table (provisioning), the settings and the sockets (runtime).
 *
 * <p>The node file insists on the full form, so that what an operator reads is what the node does. The
 * {@code clusterer} table gets OpenSIPS's leniency instead ({@link #parseLenient}): no protocol means BIN and no
 * port means the protocol's default, because OpenSIPS accepts such rows and an existing table may have them.
 *
 * @param host a host name, an IPv4 address, or an IPv6 address without brackets
 */
public record BinUrl(Proto proto, String host, int port) {
    public static final String EXPECTED_FORM = "must be bin:host:port or bins:host:port";

    /** The two BIN transports, with OpenSIPS's default ports ({@code proto_bin}, {@code proto_bins}). */
    public enum Proto {
        BIN("bin", 5555),
        BINS("bins", 5556);

        private final String scheme;
        private final int defaultPort;

        Proto(String scheme, int defaultPort) {
            this.scheme = scheme;
            this.defaultPort = defaultPort;
        }

        public String scheme() {
            return scheme;
        }

        public int defaultPort() {
            return defaultPort;
        }
    }

    public BinUrl {
        if (proto == null || host == null || host.isEmpty()) {
            throw new IllegalArgumentException("a BIN url needs a protocol and a host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
    }

    /** The full form {@code bin:host:port} or {@code bins:host:port}; the exception's message says what is wrong. */
    public static BinUrl parse(String text) {
        int colon = text.indexOf(':');
        Proto proto = colon < 0 ? null : protoOf(text.substring(0, colon));
        if (proto == null) {
            throw new IllegalArgumentException(EXPECTED_FORM);
        }
        HostPort hp = HostPort.parse(text.substring(colon + 1), EXPECTED_FORM);
        return new BinUrl(proto, hp.host(), hp.port());
    }

    /** OpenSIPS's {@code [proto:]host[:port]}, as the {@code clusterer} table may hold it. */
    public static BinUrl parseLenient(String text) {
        int colon = text.indexOf(':');
        Proto proto = colon < 0 ? null : protoOf(text.substring(0, colon));
        String rest = proto == null ? text : text.substring(colon + 1);
        if (proto == null && colon >= 0 && looksLikeScheme(text.substring(0, colon)) && !hasPortAfter(text, colon)) {
            throw new IllegalArgumentException("protocol '" + text.substring(0, colon) + "' is not bin or bins");
        }
        Proto effective = proto == null ? Proto.BIN : proto;
        HostPort hp = HostPort.parseWithDefaultPort(rest, effective.defaultPort(), EXPECTED_FORM);
        return new BinUrl(effective, hp.host(), hp.port());
    }

    /** {@link #parseLenient(String)} of a url as the core and the wire carry it. */
    public static BinUrl parseLenient(Str text) {
        return parseLenient(text.toString());
    }

    public boolean isTls() {
        return proto == Proto.BINS;
    }

    /** A listener on every address (0.0.0.0 or ::): fine to listen on, useless as an address to give to peers. */
    public boolean isWildcard() {
        return HostPort.isWildcard(host);
    }

    /** True if a node advertising this url is reached through {@code listener}: same transport and port, same or any address. */
    public boolean isServedBy(BinUrl listener) {
        return proto == listener.proto && port == listener.port
                && (listener.isWildcard() || host.equalsIgnoreCase(listener.host));
    }

    /** The same transport and host on another port (a listener bound to an ephemeral port reports its real one). */
    public BinUrl withPort(int newPort) {
        return new BinUrl(proto, host, newPort);
    }

    /** The url as the core and the wire carry it. */
    public Str toStr() {
        return Str.of(toString());
    }

    @Override
    public String toString() {
        return proto.scheme + ":" + new HostPort(host, port);
    }

    private static Proto protoOf(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bin" -> Proto.BIN;
            case "bins" -> Proto.BINS;
            default -> null;
        };
    }

    /** "udp:..." or "tls:..." is a protocol we reject; "10.0.0.1:5555" or "host:5555" is a host with a port. */
    private static boolean looksLikeScheme(String prefix) {
        return prefix.chars().allMatch(Character::isLetter);
    }

    private static boolean hasPortAfter(String text, int colon) {
        String after = text.substring(colon + 1);
        return !after.isEmpty() && after.chars().allMatch(Character::isDigit);
    }
}
