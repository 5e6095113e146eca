package io.sipcluster.usrloc;

import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Which stored binding a record is about, following OpenSIPS {@code urecord.c} ({@code contact_*_match}). */
final class ContactMatcher {
    private ContactMatcher() {}

    /**
     * {@code contact_match} (CONTACT_ONLY): same URI. {@code contact_callid_match} (CONTACT_CALLID): same URI and
     * Call-ID. {@code contact_params_match} (PARAMS): every listed URI parameter present in both URIs has the same
     * value (a parameter missing from either side matches, RFC 3261 §19.1.4); the rest of the URI is not compared.
     * URIs are compared byte for byte, not with the RFC 3261 rules of OpenSIPS {@code compare_uris}.
     */
    static boolean matches(int mode, ContactMatch match, Binding stored, Str uri, Str callid) {
        return switch (mode) {
            case ContactMatch.CONTACT_ONLY -> stored.contactUriIs(uri);
            case ContactMatch.CONTACT_CALLID -> stored.contactUriIs(uri) && stored.callidIs(callid);
            case ContactMatch.PARAMS -> paramsMatch(match, stored.contactUri(), uri);
            default -> throw new IllegalArgumentException("contact match mode " + mode);
        };
    }

    private static boolean paramsMatch(ContactMatch match, Str a, Str b) {
        String sa = new String(a.toByteArray(), StandardCharsets.UTF_8);
        String sb = new String(b.toByteArray(), StandardCharsets.UTF_8);
        for (Str p : match.params()) {
            String name = new String(p.toByteArray(), StandardCharsets.UTF_8);
            String va = param(sa, name);
            String vb = param(sb, name);
            if (va != null && vb != null && !va.equals(vb)) {
                return false;
            }
        }
        return true;
    }

    /** The value of URI parameter {@code name} (case-insensitive name; "" for a flag), or null when absent. */
    static String param(String uri, String name) {
        int end = uri.length();
        int q = uri.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int gt = uri.indexOf('>');
        if (gt >= 0 && gt < end) {
            end = gt;
        }
        String want = name.toLowerCase(Locale.ROOT);
        int i = uri.indexOf(';');
        while (i >= 0 && i < end) {
            int next = uri.indexOf(';', i + 1);
            int stop = next < 0 || next > end ? end : next;
            String seg = uri.substring(i + 1, stop);
            int eq = seg.indexOf('=');
            String n = (eq < 0 ? seg : seg.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            if (n.equals(want)) {
                return eq < 0 ? "" : seg.substring(eq + 1).trim();
            }
            i = next;
        }
        return null;
    }
}
