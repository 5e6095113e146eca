package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;

/**
 * A From, To, Route, Record-Route, Path or Contact value: an address, either in name-addr form
 * ({@code "Display" <sip:a@b;uri-param>}) or, where the header allows it, in addr-spec form ({@code sip:a@b}),
 * followed by header parameters ({@code ;tag=...}).
 *
 * <p>In the addr-spec form every {@code ;} after the URI starts a header parameter, not a URI parameter (RFC 3261
 * §20.10): {@code Contact: sip:a@b;unknownparam} binds {@code sip:a@b} with a contact parameter, while
 * {@code Contact: <sip:a@b;unknownparam>} binds a URI that has the parameter (RFC 4475 §3.3.12, §3.3.13).
 */
public final class NameAddress {
    private final byte[] b;
    private final int valueStart;
    private final int valueEnd;
    /** -1 when there is no display name; a quoted display name includes its quotes. */
    private final int displayStart;
    private final int displayEnd;
    /** The address with its angle brackets, or the bare addr-spec. */
    private final int addressStart;
    private final int addressEnd;
    private final Uri uri;
    private final Params params;

    NameAddress(byte[] b, int valueStart, int valueEnd, int displayStart, int displayEnd, int addressStart,
                int addressEnd, Uri uri, Params params) {
        this.b = b;
        this.valueStart = valueStart;
        this.valueEnd = valueEnd;
        this.displayStart = displayStart;
        this.displayEnd = displayEnd;
        this.addressStart = addressStart;
        this.addressEnd = addressEnd;
        this.uri = uri;
        this.params = params;
    }

    /**
     * The display name: a quoted one without its quotes and with quoted pairs resolved, a token one with its
     * whitespace reduced to single spaces; null if there is none.
     */
    public String displayName() {
        if (displayStart < 0) {
            return null;
        }
        if (b[displayStart] == '"') {
            return QuotedStrings.unquote(b, displayStart, displayEnd);
        }
        return Text.unfold(b, displayStart, displayEnd);
    }

    public Uri uri() {
        return uri;
    }

    /** Whether the address was written in name-addr form, between angle brackets. */
    public boolean hasAngleBrackets() {
        return b[addressStart] == '<';
    }

    public Params params() {
        return params;
    }

    /** The tag parameter, or null. */
    public String tag() {
        return params.get("tag");
    }

    /** The whole value as received, from the display name or address to the last parameter. */
    public String text() {
        return new String(b, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }

    byte[] bytes() {
        return b;
    }

    int valueStart() {
        return valueStart;
    }

    int valueEnd() {
        return valueEnd;
    }

    /** Where the display name (if any) and address end and the header parameters begin. */
    int addressEnd() {
        return addressEnd;
    }
}
