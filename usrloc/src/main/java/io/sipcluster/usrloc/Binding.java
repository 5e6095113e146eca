package io.sipcluster.usrloc;

import io.sipcluster.wire.Str;
import java.util.Objects;

/**
 * One contact binding of an AoR, immutable. Text fields are raw bytes as they travel in usrloc packets.
 *
 * @param contactUri the Contact URI as registered
 * @param callid Call-ID of the REGISTER that created or last refreshed the binding
 * @param cseq CSeq of that REGISTER
 * @param expires absolute UNIX time (seconds) when the binding expires; 0 = never
 * @param q q-value in thousandths (1000 = q 1.0); {@link io.sipcluster.wire.usrloc.ContactData#Q_UNSET} = not set
 * @param path the Path header value, or empty
 * @param received source address of the REGISTER when it differs from the Contact ({@code received}), or empty
 * @param userAgent the User-Agent header value, or empty
 * @param flags usrloc contact flags
 * @param cflags branch flag names separated by spaces, or empty
 * @param socket the receiving socket as {@code proto:ip:port}, or empty
 * @param instance the {@code +sip.instance} value, or empty
 * @param regId the RFC 5626 {@code reg-id}, or 0 when absent
 * @param methods bitmask of the methods in the Allow header; -1 = all
 * @param attr registrar attributes, or empty
 * @param ownerTag the sharing tag that owns the binding (OpenSIPS kv key {@code "_st"}): in ownership mode only the
 *     node holding it active pings the contact and reports its expiry; empty = not owned
 * @param lastModified UNIX time (seconds) of the last change
 */
public record Binding(Str contactUri, Str callid, int cseq, long expires, int q, Str path, Str received,
                      Str userAgent, int flags, Str cflags, Str socket, Str instance, int regId, int methods,
                      Str attr, Str ownerTag, long lastModified) {
    public Binding {
        Objects.requireNonNull(contactUri, "contactUri");
        Objects.requireNonNull(callid, "callid");
        path = orEmpty(path);
        received = orEmpty(received);
        userAgent = orEmpty(userAgent);
        cflags = orEmpty(cflags);
        socket = orEmpty(socket);
        instance = orEmpty(instance);
        attr = orEmpty(attr);
        ownerTag = orEmpty(ownerTag);
        if (regId < 0) {
            throw new IllegalArgumentException("reg-id " + regId + " is negative");
        }
    }

    /** A binding with only the fields a plain REGISTER sets; the rest empty. */
    public static Binding of(String contactUri, String callid, int cseq, long expires, int q, long lastModified) {
        return new Binding(Str.of(contactUri), Str.of(callid), cseq, expires, q, Str.EMPTY, Str.EMPTY, Str.EMPTY, 0,
                Str.EMPTY, Str.EMPTY, Str.EMPTY, 0, -1, Str.EMPTY, Str.EMPTY, lastModified);
    }

    public Binding withInstance(String instance, int regId) {
        return new Binding(contactUri, callid, cseq, expires, q, path, received, userAgent, flags, cflags, socket,
                Str.of(instance), regId, methods, attr, ownerTag, lastModified);
    }

    public Binding withPath(String path) {
        return new Binding(contactUri, callid, cseq, expires, q, Str.of(path), received, userAgent, flags, cflags,
                socket, instance, regId, methods, attr, ownerTag, lastModified);
    }

    public Binding withOwnerTag(String tag) {
        return new Binding(contactUri, callid, cseq, expires, q, path, received, userAgent, flags, cflags, socket,
                instance, regId, methods, attr, Str.of(tag), lastModified);
    }

    /** True when the binding has expired at {@code nowSeconds}. */
    public boolean expiredAt(long nowSeconds) {
        return expires != 0 && expires <= nowSeconds;
    }

    private static Str orEmpty(Str s) {
        return s == null ? Str.EMPTY : s;
    }
}
