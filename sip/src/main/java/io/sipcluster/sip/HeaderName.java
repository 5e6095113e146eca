package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;

/**
 * The header fields the parser knows by name, with their compact forms (RFC 3261 §7.3.3 and the RFCs that added
 * compact forms since). Names compare case-insensitively; a compact form is the same header as its long form, so
 * {@code v:} and {@code Via:} lines are both Via values, in message order.
 *
 * <p>Knowing a name only means it is recognised without allocation while the header section is scanned; which
 * ones are parsed, and how, is up to the accessors of {@link SipMessage}. Every other name is {@link #OTHER}.
 * There may be at most 64 names: {@link HeaderFields} keeps one bit per name.
 */
public enum HeaderName {
    VIA("Via", 'v'),
    FROM("From", 'f'),
    TO("To", 't'),
    CALL_ID("Call-ID", 'i'),
    CSEQ("CSeq"),
    CONTACT("Contact", 'm'),
    EXPIRES("Expires"),
    MIN_EXPIRES("Min-Expires"),
    MAX_FORWARDS("Max-Forwards"),
    CONTENT_LENGTH("Content-Length", 'l'),
    CONTENT_TYPE("Content-Type", 'c'),
    CONTENT_ENCODING("Content-Encoding", 'e'),
    ROUTE("Route"),
    RECORD_ROUTE("Record-Route"),
    PATH("Path"),
    SUPPORTED("Supported", 'k'),
    REQUIRE("Require"),
    PROXY_REQUIRE("Proxy-Require"),
    UNSUPPORTED("Unsupported"),
    USER_AGENT("User-Agent"),
    SERVER("Server"),
    AUTHORIZATION("Authorization"),
    PROXY_AUTHORIZATION("Proxy-Authorization"),
    WWW_AUTHENTICATE("WWW-Authenticate"),
    PROXY_AUTHENTICATE("Proxy-Authenticate"),
    RETRY_AFTER("Retry-After"),
    DATE("Date"),
    SUBJECT("Subject", 's'),
    EVENT("Event", 'o'),
    ALLOW_EVENTS("Allow-Events", 'u'),
    REFER_TO("Refer-To", 'r'),
    REFERRED_BY("Referred-By", 'b'),
    SESSION_EXPIRES("Session-Expires", 'x'),
    ACCEPT_CONTACT("Accept-Contact", 'a'),
    REJECT_CONTACT("Reject-Contact", 'j'),
    REQUEST_DISPOSITION("Request-Disposition", 'd'),
    IDENTITY("Identity", 'y'),
    IDENTITY_INFO("Identity-Info", 'n'),
    /** Any header the parser does not know by name; accessors compare such names byte by byte. */
    OTHER("", '\0');

    private static final HeaderName[] BY_COMPACT = new HeaderName[128];
    /**
     * Long names by a hash of their length and first and last letters, with linear probing: one full comparison per
     * received name, usually. Twice as many slots as names keeps the probes short.
     */
    private static final HeaderName[] BY_HASH = new HeaderName[128];

    static {
        for (HeaderName h : values()) {
            if (h.compact != '\0') {
                BY_COMPACT[h.compact] = h;
            }
            if (h != OTHER) {
                int slot = hash(h.lower.length, h.lower[0], h.lower[h.lower.length - 1]);
                while (BY_HASH[slot] != null) {
                    slot = (slot + 1) & (BY_HASH.length - 1);
                }
                BY_HASH[slot] = h;
            }
        }
    }

    private final String canonical;
    private final char compact;
    /** The long name in lower case, for comparing with received bytes. */
    private final byte[] lower;

    HeaderName(String canonical) {
        this(canonical, '\0');
    }

    HeaderName(String canonical, char compact) {
        this.canonical = canonical;
        this.compact = compact;
        this.lower = canonical.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    /** The name as RFC 3261 spells it, which is what the builders write; empty for {@link #OTHER}. */
    public String canonical() {
        return canonical;
    }

    /** The compact form, or {@code '\0'} if the header has none. */
    public char compact() {
        return compact;
    }

    /** The header a received name {@code [from, to)} stands for, long or compact form, any case; no allocation. */
    static HeaderName of(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 1) {
            int c = Chars.toLower(b[from] & 0xFF);
            HeaderName h = c < 128 ? BY_COMPACT[c] : null;
            return h != null ? h : OTHER;
        }
        for (int slot = hash(len, b[from] | 0x20, b[to - 1] | 0x20); ; slot = (slot + 1) & (BY_HASH.length - 1)) {
            HeaderName h = BY_HASH[slot];
            if (h == null) {
                return OTHER;
            }
            if (h.lower.length == len && h.matches(b, from)) {
                return h;
            }
        }
    }

    private static int hash(int length, int first, int last) {
        return (length * 31 + first * 7 + last) & (BY_HASH.length - 1);
    }

    /** The header a name given by the application stands for, e.g. {@code "call-id"} or {@code "i"}. */
    public static HeaderName of(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length == 0) {
            return OTHER;
        }
        for (byte x : bytes) {
            if (!Chars.is(x, Chars.TOKEN)) {
                return OTHER; // not a header name at all; and the comparison below expects a token
            }
        }
        return of(bytes, 0, bytes.length);
    }

    /**
     * Compares with a name read as a token. Setting bit 0x20 lower-cases a letter and leaves {@code -} (0x2D) as it
     * is; the only other byte it maps onto a letter or {@code -} is CR (0x0D to {@code -}), which no token holds.
     * So for token input this is an exact case-insensitive comparison, without a branch per byte.
     */
    private boolean matches(byte[] b, int from) {
        for (int i = 0; i < lower.length; i++) {
            if ((b[from + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }
}
