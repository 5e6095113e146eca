package io.sipcluster.sip;

/**
 * A URI found in a message: a {@link SipUri} for the {@code sip:} and {@code sips:} schemes, which a registrar and
 * a proxy must understand, or an {@link OpaqueUri} for any other scheme ({@code tel:}, {@code urn:}, ...), whose
 * syntax is checked only as far as RFC 3261's {@code absoluteURI} and which is kept as text.
 */
public sealed interface Uri permits SipUri, OpaqueUri {
    /** The scheme in lower case, e.g. {@code "sip"}, {@code "tel"}. */
    String scheme();

    /** The URI exactly as received. */
    String text();

    /**
     * Reads the URI {@code [from, to)}: a scheme ({@code ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")}) and a colon,
     * then the scheme's syntax.
     */
    static Uri read(byte[] b, int from, int to, int maxParameters, String field) throws MalformedSipException {
        int colon = schemeEnd(b, from, to, field);
        if (isScheme(b, from, colon, "sip")) {
            return SipUri.read(b, from, colon + 1, to, false, maxParameters, field);
        }
        if (isScheme(b, from, colon, "sips")) {
            return SipUri.read(b, from, colon + 1, to, true, maxParameters, field);
        }
        return OpaqueUri.read(b, from, colon, to, field);
    }

    /** The index of the colon that ends the scheme. */
    private static int schemeEnd(byte[] b, int from, int to, String field) throws MalformedSipException {
        int first = from < to ? b[from] | 0x20 : -1;
        if (first < 'a' || first > 'z') {
            throw new MalformedSipException(field, "URI does not start with a scheme");
        }
        int i = from + 1;
        while (i < to && Chars.is(b[i], Chars.SCHEME)) {
            i++;
        }
        if (i >= to || b[i] != ':') {
            throw new MalformedSipException(field, "URI scheme not followed by ':'");
        }
        return i;
    }

    private static boolean isScheme(byte[] b, int from, int to, String scheme) {
        if (to - from != scheme.length()) {
            return false;
        }
        for (int i = 0; i < scheme.length(); i++) {
            if (Chars.toLower(b[from + i] & 0xFF) != scheme.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
