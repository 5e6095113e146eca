package io.sipcluster.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host and a port as written in configuration: {@code 10.0.0.1:5555}, {@code sip1.example.net:5555} or
 * {@code [2001:db8::1]:5555}. Parsing never looks a name up: a configuration is checked before anything starts,
 * and DNS may not be there yet.
 *
 * @param host a host name, an IPv4 address, or an IPv6 address without brackets
 */
public record HostPort(String host, int port) {
    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public HostPort {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
    }

    /** {@code host:port}; {@code formHint} is the message when the shape is wrong (which form the caller expects). */
    public static HostPort parse(String text, String formHint) {
        return parse(text, -1, formHint);
    }

    /** {@code host[:port]}, the port defaulting to {@code defaultPort}. */
    public static HostPort parseWithDefaultPort(String text, int defaultPort, String formHint) {
        return parse(text, defaultPort, formHint);
    }

    private static HostPort parse(String text, int defaultPort, String formHint) {
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(formHint + " (no ']' after the IPv6 address)");
            }
            host = text.substring(1, close);
            String after = text.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new IllegalArgumentException(formHint);
            }
            portText = after.isEmpty() ? null : after.substring(1);
            checkIpv6(host);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                throw new IllegalArgumentException(formHint + " (write an IPv6 address in brackets: [2001:db8::1])");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? null : text.substring(colon + 1);
            checkHostName(host, formHint);
        }
        int port;
        if (portText == null) {
            if (defaultPort < 0) {
                throw new IllegalArgumentException(formHint + " (the port is missing)");
            }
            port = defaultPort;
        } else {
            port = parsePort(portText);
        }
        return new HostPort(host.toLowerCase(Locale.ROOT), port);
    }

    /** True for the addresses that mean "every local address". */
    public static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * True when the host is certainly on this machine's loopback interface: {@code localhost}, 127.0.0.0/8 or
     * ::1. Any other name is not trusted to be loopback, since it would take a lookup to know.
     */
    public boolean isLoopback() {
        if (host.equals("localhost")) {
            return true;
        }
        boolean ipLiteral = DOTTED_QUAD.matcher(host).matches()
                || (host.indexOf(':') >= 0 && IPV6_CHARS.matcher(host).matches());
        if (!ipLiteral) {
            return false;
        }
        try {
            return literal(host).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("port must be a number 1-65535, got '" + text + "'");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        return port;
    }

    private static void checkHostName(String host, String formHint) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException(formHint + " (the host is missing)");
        }
        if (host.length() > 253 || !HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or an IP address");
        }
        String[] labels = host.split("\\.");
        boolean allNumeric = true;
        for (String label : labels) {
            allNumeric &= label.chars().allMatch(Character::isDigit);
        }
        if (allNumeric) {
            // Only dotted-quad IPv4 is accepted, so "10.1" or "999.0.0.1" is a mistake, not a name.
            boolean quad = labels.length == 4;
            for (String label : labels) {
                quad &= label.length() <= 3 && Integer.parseInt(label) <= 255;
            }
            if (!quad) {
                throw new IllegalArgumentException("'" + host + "' is not a valid IPv4 address");
            }
        }
    }

    private static void checkIpv6(String host) {
        if (host.indexOf(':') < 0 || !IPV6_CHARS.matcher(host).matches()) {
            throw new IllegalArgumentException("'[" + host + "]' is not an IPv6 address");
        }
        literal(host);
    }

    /** Parses an IP literal; the character check done by the callers keeps InetAddress from doing a lookup. */
    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address");
        }
    }
}
