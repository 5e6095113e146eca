package io.sipcluster.dialog;

import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipUri;
import java.util.Locale;
import java.util.Objects;

/**
 * A dialog profile every new call joins, and the most calls it may hold cluster-wide: e.g. {@code calls} (no value,
 * 1,000 calls in all), {@code caller} keyed by the From user (5 calls per caller), or {@code trunk} keyed by the
 * source address (200 calls per trunk). Reaching the limit refuses
 * the INVITE with {@code status} (403 or 486). {@code max} 0 counts without limiting.
 */
public record ProfileLimit(String profile, Key key, int max, int status) {
    /** What the profile's value is taken from. */
    public enum Key {
        NONE, FROM_USER, TO_USER, FROM_DOMAIN, REQUEST_USER, SOURCE_IP;

        public static Key parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public ProfileLimit {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(key, "key");
        if (profile.isEmpty() || profile.length() > 64) {
            throw new IllegalArgumentException("a profile name is 1 to 64 characters");
        }
        if (max < 0) {
            throw new IllegalArgumentException("max must be 0 (no limit) or more");
        }
        if (status < 400 || status > 699) {
            throw new IllegalArgumentException("the refusal status must be 400-699, got " + status);
        }
    }

    /** The profile value of {@code invite} from {@code sourceIp} ({@code ""} for a profile without values). */
    String valueOf(SipRequest invite, String sourceIp) throws MalformedSipException {
        return switch (key) {
            case SOURCE_IP -> sourceIp;
            case NONE -> "";
            case FROM_USER -> user(invite.from().uri());
            case TO_USER -> user(invite.to().uri());
            case FROM_DOMAIN -> invite.from().uri() instanceof SipUri u ? u.host().toLowerCase(Locale.ROOT) : "";
            case REQUEST_USER -> user(invite.requestUri());
        };
    }

    private static String user(io.sipcluster.sip.Uri uri) {
        return uri instanceof SipUri u && u.hasUser() ? u.user() : "";
    }
}
