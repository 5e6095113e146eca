package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A URI of a scheme this module does not interpret ({@code tel:}, {@code urn:}, {@code http:}, ...): checked to be
 * a scheme, a colon and at least one visible character with no whitespace or {@code <>"}, and kept as text.
 * Two opaque URIs are equal when their texts are equal.
 */
public record OpaqueUri(String scheme, String text) implements Uri {
    static OpaqueUri read(byte[] b, int from, int colon, int to, String field) throws MalformedSipException {
        if (colon + 1 >= to) {
            throw new MalformedSipException(field, "URI has nothing after its scheme");
        }
        for (int i = colon + 1; i < to; i++) {
            if (!Chars.is(b[i], Chars.OPAQUE_URI)) {
                throw new MalformedSipException(field, "character not allowed in a URI");
            }
        }
        String scheme = new String(b, from, colon - from, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return new OpaqueUri(scheme, new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    @Override
    public String toString() {
        return text;
    }
}
