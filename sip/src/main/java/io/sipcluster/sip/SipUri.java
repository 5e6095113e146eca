package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 §19.1): {@code sip:user:password@host:port;uri-parameters?headers},
 * read from the message's bytes and kept as offsets into them.
 *
 * <p>The user part ends at the only {@code @} the URI may hold unescaped, so it can contain {@code ;}, {@code ?}
 * and {@code /} ({@code sip:user;par=u%40example.net@example.com} has the user {@code user;par=u%40example.net},
 * RFC 4475 §3.1.1.9). The host is a name, an IPv4 address or a bracketed IPv6 reference. Accessors return the text
 * as received; {@link #equivalentTo} and {@link #aorKey} apply the comparison rules of §19.1.4.
 */
public final class SipUri implements Uri {
    private final byte[] b;
    private final int start;
    private final int end;
    private final boolean secure;
    /** -1 when there is no user part. */
    private final int userStart;
    private final int userEnd;
    /** -1 when there is no password. */
    private final int passwordStart;
    private final int hostStart;
    private final int hostEnd;
    private final int port;
    private final Params params;
    /** After the {@code ?}; -1 when there are no headers. */
    private final int headersStart;

    private SipUri(byte[] b, int start, int end, boolean secure, int userStart, int userEnd, int passwordStart,
                   int hostStart, int hostEnd, int port, Params params, int headersStart) {
        this.b = b;
        this.start = start;
        this.end = end;
        this.secure = secure;
        this.userStart = userStart;
        this.userEnd = userEnd;
        this.passwordStart = passwordStart;
        this.hostStart = hostStart;
        this.hostEnd = hostEnd;
        this.port = port;
        this.params = params;
        this.headersStart = headersStart;
    }

    /** Reads {@code [start, to)}, whose scheme ends just before {@code pos}. */
    static SipUri read(byte[] b, int start, int pos, int to, boolean secure, int maxParameters, String field)
            throws MalformedSipException {
        SipUriReader r = new SipUriReader(b, pos, to, field);
        r.readUserInfo();
        r.readHostPort();
        int paramsStart = r.pos;
        r.readParams(maxParameters);
        int paramsEnd = r.pos;
        int headersStart = r.readHeaders();
        if (r.pos != to) {
            throw new MalformedSipException(field, "character not allowed in a SIP URI");
        }
        // Read now rather than on first use, so that a URI that was read has no error left in it; a URI without
        // parameters (the usual Contact, From, To) allocates nothing for them.
        Params params = Params.readUriParams(b, paramsStart, paramsEnd, maxParameters, field);
        return new SipUri(b, start, to, secure, r.userStart, r.userEnd, r.passwordStart, r.hostStart, r.hostEnd,
                r.port, params, headersStart);
    }

    /** Parses a SIP or SIPS URI given as text, e.g. by configuration; fails for any other scheme. */
    public static SipUri parse(String text) throws MalformedSipException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (Uri.read(bytes, 0, bytes.length, SipLimits.DEFAULTS.maxParameters(), "URI") instanceof SipUri sip) {
            return sip;
        }
        throw new MalformedSipException("URI", "not a sip: or sips: URI");
    }

    @Override
    public String scheme() {
        return secure ? "sips" : "sip";
    }

    public boolean isSecure() {
        return secure;
    }

    @Override
    public String text() {
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    public boolean hasUser() {
        return userStart >= 0;
    }

    /** The user part with its escapes resolved, one char per byte ({@code %00} stays a NUL); null if absent. */
    public String user() {
        return userStart < 0 ? null : UriEscapes.decode(b, userStart, userEnd);
    }

    /** The user part as received, escapes included; null if absent. */
    public String rawUser() {
        return userStart < 0 ? null : ascii(userStart, userEnd);
    }

    /** The password as received; null if absent. */
    public String password() {
        return passwordStart < 0 ? null : ascii(passwordStart, hostStart - 1);
    }

    /** The host as received: a name, an IPv4 address, or an IPv6 reference with its brackets. */
    public String host() {
        return ascii(hostStart, hostEnd);
    }

    /** The port, or -1 when the URI has none (which is not the same URI as one with the default port). */
    public int port() {
        return port;
    }

    /** The URI parameters; their names compare with escapes resolved ({@code ;%6C%72} is {@code ;lr}). */
    public Params params() {
        return params;
    }

    /** The value of a URI parameter as received, or null if absent or without a value. */
    public String param(String name) {
        return params.get(name);
    }

    public boolean hasParam(String name) {
        return params.has(name);
    }

    /** The {@code transport} parameter, or null. */
    public String transport() {
        return param("transport");
    }

    /** Whether the URI has {@code ;lr}: the proxy it names does loose routing (RFC 3261 §16.12.1.1). */
    public boolean isLooseRouting() {
        return hasParam("lr");
    }

    public boolean hasHeaders() {
        return headersStart >= 0;
    }

    /** The headers after the {@code ?}, as received ({@code Route=%3Csip:x%3E&Subject=y}); null if absent. */
    public String headers() {
        return headersStart < 0 ? null : ascii(headersStart, end);
    }

    /**
     * A key for the address of record this URI names, as a registrar files bindings (RFC 3261 §10.3 step 5): scheme,
     * user, host and port, without parameters or headers; the user's escapes in canonical form, the host in lower
     * case. Two URIs have the same key exactly when those parts are equivalent under §19.1.4, so the key keeps
     * {@code %00} and reserved escapes apart from the characters they stand for instead of shortening or merging
     * names (RFC 4475 §3.1.1.4).
     */
    public String aorKey() {
        StringBuilder s = new StringBuilder(end - start);
        s.append(scheme()).append(':');
        if (userStart >= 0) {
            UriEscapes.appendCanonical(s, b, userStart, userEnd, false);
            s.append('@');
        }
        UriEscapes.appendCanonical(s, b, hostStart, hostEnd, true);
        if (port >= 0) {
            s.append(':').append(port);
        }
        return s.toString();
    }

    /** Whether this URI and {@code other} are equivalent under RFC 3261 §19.1.4; see {@link SipUriEquivalence}. */
    public boolean equivalentTo(SipUri other) {
        return SipUriEquivalence.equivalent(this, other);
    }

    byte[] bytes() {
        return b;
    }

    int userStart() {
        return userStart;
    }

    int userEnd() {
        return userEnd;
    }

    int passwordStart() {
        return passwordStart;
    }

    int hostStart() {
        return hostStart;
    }

    int hostEnd() {
        return hostEnd;
    }

    int headersStart() {
        return headersStart;
    }

    int end() {
        return end;
    }

    @Override
    public String toString() {
        return text();
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
