package io.sipcluster.usrloc.service;

import io.sipcluster.wire.Str;
import java.util.Locale;

/**
 * AoRs as the location table names them: OpenSIPS's {@code user@domain} (with {@code use_domain}), without the
 * URI scheme, so that records replicated to and from OpenSIPS nodes name the same AoR. The registrar's key is
 * {@code SipUri.aorKey()} ({@code sip:user@host}, already canonical); management accepts either form.
 */
public final class AorKey {
    private AorKey() {
    }

    /** {@code sip:alice@example.com} and {@code alice@example.com} both give {@code alice@example.com}. */
    public static Str of(String aorOrUri) {
        return Str.of(withoutScheme(aorOrUri));
    }

    static String withoutScheme(String s) {
        String lower = s.length() >= 5 ? s.substring(0, 5).toLowerCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sips:")) {
            return s.substring(5);
        }
        if (lower.startsWith("sip:")) {
            return s.substring(4);
        }
        return s;
    }
}
