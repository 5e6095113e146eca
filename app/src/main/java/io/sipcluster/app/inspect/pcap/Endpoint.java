package io.sipcluster.app.inspect.pcap;

import java.util.Arrays;

/**
 * One end of a TCP connection. Printed as {@code 127.0.0.1:6566} or {@code [2001:db8::1]:6566}.
 *
 * <p>The address is kept as bytes, not {@link java.net.InetAddress}, so that nothing here can ever trigger a name
 * lookup, and an IPv4-mapped IPv6 address stays the IPv6 address it was on the wire.
 */
public final class Endpoint {
    private final byte[] address;
    private final int port;

    private Endpoint(byte[] address, int port) {
        this.address = address;
        this.port = port;
    }

    /** {@code address} is 4 (IPv4) or 16 (IPv6) bytes and is copied. */
    public static Endpoint of(byte[] address, int port) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port + " out of range");
        }
        return new Endpoint(address.clone(), port);
    }

    static Endpoint of(byte[] packet, int addressOffset, int addressLength, int port) {
        return new Endpoint(Arrays.copyOfRange(packet, addressOffset, addressOffset + addressLength), port);
    }

    public byte[] address() {
        return address.clone();
    }

    public int port() {
        return port;
    }

    public boolean isIpv6() {
        return address.length == 16;
    }

    /** The address alone: dotted quad, or RFC 5952 text for IPv6. */
    public String host() {
        return isIpv6() ? Ipv6Text.format(address) : (address[0] & 0xff) + "." + (address[1] & 0xff) + "."
                + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint other && port == other.port && Arrays.equals(address, other.address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + port;
    }

    @Override
    public String toString() {
        return isIpv6() ? "[" + host() + "]:" + port : host() + ":" + port;
    }
}
