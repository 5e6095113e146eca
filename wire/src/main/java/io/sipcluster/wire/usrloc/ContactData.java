package io.sipcluster.wire.usrloc;

import io.sipcluster.wire.Str;

/**
 * Everything usrloc replicates about one contact binding (OpenSIPS {@code ucontact_info}), in the field order of
 * REPL_UCONTACT_INSERT. Text fields are raw bytes; numeric C values that OpenSIPS carries inside strs are typed.
 *
 * @param domain the usrloc table ("location")
 * @param contactId uint64: clabel in bits 0-13, the AoR's rlabel in bits 14-45, the AoR hash in bits 46-61
 * @param expires absolute UNIX time (seconds) when the binding expires; 0 = never
 * @param q q-value in thousandths (1000 = q 1.0); -1 = not set
 * @param socket the receiving socket, as {@code proto:ip:port}, or empty
 * @param cflags branch flag names separated by spaces
 * @param methods bitmask of the methods in the Allow header; -1 = all
 * @param lastModified UNIX time of the last change
 * @param kvStoreJson flat JSON object of key-values; {@code "_st"} holds the ownership sharing tag
 * @param cmatch how the receiver matches this contact against its own
 */
public record ContactData(Str domain, Str aor, Str contactUri, long contactId, Str callid, Str userAgent,
                          Str path, Str attr, Str received, Str instance, long expires, int q, Str socket,
                          int cseq, int flags, Str cflags, int methods, long lastModified, Str kvStoreJson,
                          ContactMatch cmatch) {
    public static final int Q_UNSET = -1;
}
