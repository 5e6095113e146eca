package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;

/**
 * One Via value (RFC 3261 §20.42): {@code SIP/2.0/UDP host:port;branch=z9hG4bK...;received=...;rport}.
 *
 * <p>Whitespace is allowed around the slashes and the colon, and a line may hold several values separated by
 * commas; RFC 4475's tortuous INVITE has both. The host may be an IPv6 reference. Known parameters are checked
 * when the value is read: {@code branch} and {@code received} need a value, {@code ttl} is 0-255, {@code rport} is
 * empty or a port, {@code maddr} a host.
 */
public final class Via {
    /** RFC 3261 §8.1.1.7: branches that start with this were made unique by an RFC 3261 element. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private final byte[] b;
    private final int valueStart;
    private final int valueEnd;
    private final int transportStart;
    private final int transportEnd;
    private final int hostStart;
    private final int hostEnd;
    private final int port;
    private final Params params;
    private String branch;

    /** Offsets as {@link ViaReader} found them; each pair is a start and an end. */
    Via(byte[] b, int valueStart, int valueEnd, int transportStart, int transportEnd, int hostStart, int hostEnd,
        int port, Params params) {
        this.b = b;
        this.valueStart = valueStart;
        this.valueEnd = valueEnd;
        this.transportStart = transportStart;
        this.transportEnd = transportEnd;
        this.hostStart = hostStart;
        this.hostEnd = hostEnd;
        this.port = port;
        this.params = params;
    }

    /**
     * {@code protocol-name/protocol-version} without the whitespace the sender may have put around the slash. Found
     * again from the start of the value, which {@link ViaReader} checked: two tokens and a slash.
     */
    public String protocol() {
        int nameEnd = skipToken(valueStart);
        int versionStart = skipLwsAndSlash(nameEnd);
        return ascii(valueStart, nameEnd) + '/' + ascii(versionStart, skipToken(versionStart));
    }

    private int skipToken(int p) {
        while (Chars.is(b[p], Chars.TOKEN)) {
            p++;
        }
        return p;
    }

    private int skipLwsAndSlash(int p) {
        while (Chars.isLws(b[p]) || b[p] == '/') {
            p++;
        }
        return p;
    }

    /** The transport as received, e.g. {@code UDP}, {@code TLS}, or an unknown token. */
    public String transport() {
        return ascii(transportStart, transportEnd);
    }

    /** The host of sent-by: a name, an IPv4 address, or an IPv6 reference with its brackets. */
    public String host() {
        return ascii(hostStart, hostEnd);
    }

    /** The port of sent-by, or -1 if absent. */
    public int port() {
        return port;
    }

    public Params params() {
        return params;
    }

    /** The branch parameter, or null if absent (an RFC 2543 element, RFC 4475 §3.4.1). */
    public String branch() {
        if (branch == null) {
            branch = params.get("branch");
        }
        return branch;
    }

    /**
     * Whether the branch is an RFC 3261 transaction id: the magic cookie and something after it. RFC 4475 §3.2.1
     * sends the bare cookie; such a request must be rejected or matched the RFC 2543 way.
     */
    public boolean hasRfc3261Branch() {
        String br = branch();
        return br != null && br.length() > MAGIC_COOKIE.length() && br.startsWith(MAGIC_COOKIE);
    }

    /** The received parameter, or null. */
    public String received() {
        return params.get("received");
    }

    /** Whether there is an rport parameter, with or without a value (RFC 3581). */
    public boolean hasRport() {
        return params.has("rport");
    }

    /** The value of rport, or -1 when it is absent or empty (a request asking for it to be filled in). */
    public int rport() {
        String v = params.get("rport");
        return v == null ? -1 : Integer.parseInt(v);
    }

    /** The maddr parameter, or null. */
    public String maddr() {
        return params.get("maddr");
    }

    /** The ttl parameter, or -1. */
    public int ttl() {
        String v = params.get("ttl");
        return v == null ? -1 : Integer.parseInt(v);
    }

    /** The value as received, from the protocol to the last parameter. */
    public String text() {
        return new String(b, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
    }

    int valueStart() {
        return valueStart;
    }

    int valueEnd() {
        return valueEnd;
    }

    @Override
    public String toString() {
        return text();
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
