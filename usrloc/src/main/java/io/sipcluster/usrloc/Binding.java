package io.sipcluster.usrloc;

import io.sipcluster.wire.Str;
import java.util.Arrays;
import java.util.Objects;

/**
 * One contact binding of an AoR, immutable. Text fields are raw bytes as they travel in usrloc packets.
 *
 * <p>A table holds one of these per registered contact, up to millions, so the ten text fields are packed into one
 * byte array (each prefixed by its length as a varint) instead of ten objects: about 330 bytes a phone-like binding
 * instead of about 580. The accessors copy the field out as a {@link Str}.
 *
 * <ul>
 *   <li>{@code contactUri}: the Contact URI as registered</li>
 *   <li>{@code callid}: Call-ID of the REGISTER that created or last refreshed the binding</li>
 *   <li>{@code cseq}: CSeq of that REGISTER</li>
 *   <li>{@code expires}: absolute UNIX time (seconds) when the binding expires; 0 = never</li>
 *   <li>{@code q}: q-value in thousandths (1000 = q 1.0); {@link io.sipcluster.wire.usrloc.ContactData#Q_UNSET} =
 *       not set</li>
 *   <li>{@code path}: the Path header value, or empty</li>
 *   <li>{@code received}: source address of the REGISTER when it differs from the Contact, or empty</li>
 *   <li>{@code userAgent}: the User-Agent header value, or empty</li>
 *   <li>{@code flags}: usrloc contact flags; {@code cflags}: branch flag names separated by spaces, or empty</li>
 *   <li>{@code socket}: the receiving socket as {@code proto:ip:port}, or empty</li>
 *   <li>{@code instance}: the {@code +sip.instance} value, or empty; {@code regId}: the RFC 5626 reg-id, or 0</li>
 *   <li>{@code methods}: bitmask of the methods in the Allow header; -1 = all</li>
 *   <li>{@code attr}: registrar attributes, or empty</li>
 *   <li>{@code ownerTag}: the sharing tag that owns the binding (OpenSIPS kv key {@code "_st"}): in ownership mode
 *       only the node holding it active pings the contact and reports its expiry; empty = not owned</li>
 *   <li>{@code lastModified}: UNIX time (seconds) of the last change</li>
 * </ul>
 */
public final class Binding {
    private static final int CONTACT_URI = 0;
    private static final int CALLID = 1;
    private static final int PATH = 2;
    private static final int RECEIVED = 3;
    private static final int USER_AGENT = 4;
    private static final int CFLAGS = 5;
    private static final int SOCKET = 6;
    private static final int INSTANCE = 7;
    private static final int ATTR = 8;
    private static final int OWNER_TAG = 9;

    private final byte[] text;
    private final int cseq;
    private final long expires;
    private final int q;
    private final int flags;
    private final int regId;
    private final int methods;
    private final long lastModified;

    public Binding(Str contactUri, Str callid, int cseq, long expires, int q, Str path, Str received,
                   Str userAgent, int flags, Str cflags, Str socket, Str instance, int regId, int methods,
                   Str attr, Str ownerTag, long lastModified) {
        Objects.requireNonNull(contactUri, "contactUri");
        Objects.requireNonNull(callid, "callid");
        if (regId < 0) {
            throw new IllegalArgumentException("reg-id " + regId + " is negative");
        }
        this.text = pack(contactUri, callid, path, received, userAgent, cflags, socket, instance, attr, ownerTag);
        this.cseq = cseq;
        this.expires = expires;
        this.q = q;
        this.flags = flags;
        this.regId = regId;
        this.methods = methods;
        this.lastModified = lastModified;
    }

    /** A binding with only the fields a plain REGISTER sets; the rest empty. */
    public static Binding of(String contactUri, String callid, int cseq, long expires, int q, long lastModified) {
        return new Binding(Str.of(contactUri), Str.of(callid), cseq, expires, q, Str.EMPTY, Str.EMPTY, Str.EMPTY, 0,
                Str.EMPTY, Str.EMPTY, Str.EMPTY, 0, -1, Str.EMPTY, Str.EMPTY, lastModified);
    }

    public Binding withInstance(String instance, int regId) {
        return new Binding(contactUri(), callid(), cseq, expires, q, path(), received(), userAgent(), flags, cflags(),
                socket(), Str.of(instance), regId, methods, attr(), ownerTag(), lastModified);
    }

    public Binding withPath(String path) {
        return new Binding(contactUri(), callid(), cseq, expires, q, Str.of(path), received(), userAgent(), flags,
                cflags(), socket(), instance(), regId, methods, attr(), ownerTag(), lastModified);
    }

    public Binding withOwnerTag(String tag) {
        return new Binding(contactUri(), callid(), cseq, expires, q, path(), received(), userAgent(), flags, cflags(),
                socket(), instance(), regId, methods, attr(), Str.of(tag), lastModified);
    }

    /** True when the binding has expired at {@code nowSeconds}. */
    public boolean expiredAt(long nowSeconds) {
        return expires != 0 && expires <= nowSeconds;
    }

    public Str contactUri() {
        return field(CONTACT_URI);
    }

    public Str callid() {
        return field(CALLID);
    }

    public int cseq() {
        return cseq;
    }

    public long expires() {
        return expires;
    }

    public int q() {
        return q;
    }

    public Str path() {
        return field(PATH);
    }

    public Str received() {
        return field(RECEIVED);
    }

    public Str userAgent() {
        return field(USER_AGENT);
    }

    public int flags() {
        return flags;
    }

    public Str cflags() {
        return field(CFLAGS);
    }

    public Str socket() {
        return field(SOCKET);
    }

    public Str instance() {
        return field(INSTANCE);
    }

    public int regId() {
        return regId;
    }

    public int methods() {
        return methods;
    }

    public Str attr() {
        return field(ATTR);
    }

    public Str ownerTag() {
        return field(OWNER_TAG);
    }

    public long lastModified() {
        return lastModified;
    }

    /** Whether the contact URI is {@code uri}, without copying it out (the matcher's hot path). */
    boolean contactUriIs(Str uri) {
        return fieldIs(CONTACT_URI, uri);
    }

    boolean callidIs(Str callid) {
        return fieldIs(CALLID, callid);
    }

    // ------------------------------------------------------------------ packing

    private static byte[] pack(Str... fields) {
        int size = 0;
        for (Str f : fields) {
            int n = f == null ? 0 : f.length();
            size += n + varintSize(n);
        }
        byte[] out = new byte[size];
        int at = 0;
        for (Str f : fields) {
            int n = f == null ? 0 : f.length();
            at = putVarint(out, at, n);
            if (n > 0) {
                f.copyTo(out, at);
                at += n;
            }
        }
        return out;
    }

    private Str field(int index) {
        long span = span(index);
        int at = (int) (span >>> 32);
        int n = (int) span;
        return n == 0 ? Str.EMPTY : Str.copyOf(text, at, n);
    }

    private boolean fieldIs(int index, Str other) {
        long span = span(index);
        int at = (int) (span >>> 32);
        int n = (int) span;
        if (n != other.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (text[at + i] != other.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Where field {@code index} starts (high 32 bits) and its length (low 32 bits). */
    private long span(int index) {
        int at = 0;
        for (int i = 0; ; i++) {
            int n = 0;
            int shift = 0;
            byte b;
            do {
                b = text[at++];
                n |= (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            if (i == index) {
                return ((long) at << 32) | n;
            }
            at += n;
        }
    }

    private static int varintSize(int n) {
        int size = 1;
        while ((n >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private static int putVarint(byte[] out, int at, int n) {
        while ((n & ~0x7F) != 0) {
            out[at++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out[at++] = (byte) n;
        return at;
    }

    // ------------------------------------------------------------------ value semantics

    @Override
    public boolean equals(Object o) {
        return o instanceof Binding b && cseq == b.cseq && expires == b.expires && q == b.q && flags == b.flags
                && regId == b.regId && methods == b.methods && lastModified == b.lastModified
                && Arrays.equals(text, b.text);
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(text);
        h = 31 * h + cseq;
        h = 31 * h + Long.hashCode(expires);
        h = 31 * h + q;
        h = 31 * h + flags;
        h = 31 * h + regId;
        h = 31 * h + methods;
        return 31 * h + Long.hashCode(lastModified);
    }

    @Override
    public String toString() {
        return "Binding[contactUri=" + contactUri() + ", callid=" + callid() + ", cseq=" + cseq + ", expires="
                + expires + ", q=" + q + ", path=" + path() + ", received=" + received() + ", userAgent="
                + userAgent() + ", flags=" + flags + ", cflags=" + cflags() + ", socket=" + socket() + ", instance="
                + instance() + ", regId=" + regId + ", methods=" + methods + ", attr=" + attr() + ", ownerTag="
                + ownerTag() + ", lastModified=" + lastModified + "]";
    }
}
