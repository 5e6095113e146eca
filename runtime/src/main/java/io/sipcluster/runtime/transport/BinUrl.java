package io.sipcluster.runtime.transport;

import io.sipcluster.wire.Str;
import java.net.InetSocketAddress;

/**
 * A BIN socket address as OpenSIPS writes it: {@code bin:host[:port]} for TCP, {@code bins:host[:port]} for TLS.
 * IPv6 hosts go in brackets ({@code bin:[::1]:5555}). The ports default to OpenSIPS's (5555 and 5556).
 *
 * @param tls true for {@code bins:}
 */
public record BinUrl(boolean tls, String host, int port) {
    public static final int DEFAULT_BIN_PORT = 5555;
    public static final int DEFAULT_BINS_PORT = 5556;

    public BinUrl {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("BIN url without a host");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("BIN port " + port + " outside 0..65535");
        }
    }

    /** Parses {@code bin:host[:port]} or {@code bins:host[:port]}; throws IllegalArgumentException naming the fault. */
    public static BinUrl parse(String url) {
        boolean tls;
        String rest;
        if (url.startsWith("bins:")) {
            tls = true;
            rest = url.substring(5);
        } else if (url.startsWith("bin:")) {
            tls = false;
            rest = url.substring(4);
        } else {
            throw new IllegalArgumentException("not a BIN url (bin:host:port or bins:host:port): " + url);
        }
        String host;
        String port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in " + url);
            }
            host = rest.substring(1, close);
            if (close + 1 < rest.length()) {
                if (rest.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("expected :port after ] in " + url);
                }
                port = rest.substring(close + 2);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon >= 0 && rest.indexOf(':') != colon) {
                throw new IllegalArgumentException("IPv6 hosts go in brackets: " + url);
            }
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? null : rest.substring(colon + 1);
        }
        int p = tls ? DEFAULT_BINS_PORT : DEFAULT_BIN_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in " + url);
            }
        }
        try {
            return new BinUrl(tls, host, p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ": " + url);
        }
    }

    public static BinUrl parse(Str url) {
        return parse(url.toString());
    }

    /** An unresolved socket address; the transport resolves it when it connects. */
    public InetSocketAddress socketAddress() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** A wildcard host ({@code 0.0.0.0} or {@code ::}) listens on every interface. */
    public boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("*");
    }

    public BinUrl withPort(int newPort) {
        return new BinUrl(tls, host, newPort);
    }

    public Str toStr() {
        return Str.of(toString());
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "bins:" : "bin:") + h + ":" + port;
    }
}
