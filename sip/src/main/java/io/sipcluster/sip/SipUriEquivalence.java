package io.sipcluster.sip;

/**
 * URI comparison for SIP and SIPS URIs, RFC 3261 §19.1.4:
 * <ul>
 *   <li>a SIP and a SIPS URI are never equivalent;</li>
 *   <li>user and password compare case-sensitively, everything else case-insensitively, and escapes as
 *       {@link UriEscapes} says;</li>
 *   <li>user, password, host and port must all match, and an absent port is not the default port;</li>
 *   <li>a URI parameter present in both must match; {@code user}, {@code ttl}, {@code method}, {@code maddr} and
 *       {@code transport} present in only one make the URIs differ; other parameters present in one only are
 *       ignored;</li>
 *   <li>headers are never ignored: both URIs must have the same headers with the same values.</li>
 * </ul>
 * {@code transport} is in the list although the rule text names only user, ttl, method and maddr: the examples of
 * the same section say {@code sip:bob@biloxi.com} and {@code sip:bob@biloxi.com;transport=udp} differ ("can resolve
 * to different transports"), and a registrar must not merge two such bindings.
 *
 * <p>The relation is not transitive (the section's own {@code security=on} example), so it is not an
 * {@code equals}: bindings are found by {@link SipUri#aorKey} and then compared with this.
 */
final class SipUriEquivalence {
    private static final String[] MUST_BE_IN_BOTH = {"user", "ttl", "method", "maddr", "transport"};

    private SipUriEquivalence() {}

    static boolean equivalent(SipUri x, SipUri y) {
        return x.isSecure() == y.isSecure()
                && x.port() == y.port()
                && sameUserInfo(x, y)
                && UriEscapes.equivalent(x.bytes(), x.hostStart(), x.hostEnd(), y.bytes(), y.hostStart(),
                        y.hostEnd(), true)
                && sameParams(x.params(), y.params())
                && sameHeaders(x, y) && sameHeaders(y, x);
    }

    private static boolean sameUserInfo(SipUri x, SipUri y) {
        if (x.hasUser() != y.hasUser()) {
            return false;
        }
        if (!x.hasUser()) {
            return true;
        }
        if (!UriEscapes.equivalent(x.bytes(), x.userStart(), x.userEnd(), y.bytes(), y.userStart(), y.userEnd(),
                false)) {
            return false;
        }
        boolean xPassword = x.passwordStart() >= 0;
        if (xPassword != (y.passwordStart() >= 0)) {
            return false;
        }
        return !xPassword || UriEscapes.equivalent(x.bytes(), x.passwordStart(), x.hostStart() - 1, y.bytes(),
                y.passwordStart(), y.hostStart() - 1, false);
    }

    private static boolean sameParams(Params x, Params y) {
        for (int i = 0; i < x.size(); i++) {
            int j = indexOf(y, x, i);
            if (j >= 0) {
                if (!sameValue(x, i, y, j)) {
                    return false;
                }
            } else if (mustBeInBoth(x, i)) {
                return false;
            }
        }
        for (int j = 0; j < y.size(); j++) {
            if (indexOf(x, y, j) < 0 && mustBeInBoth(y, j)) {
                return false;
            }
        }
        return true;
    }

    /** Where in {@code in} the parameter {@code i} of {@code of} is, by equivalent name; -1 if it is not. */
    private static int indexOf(Params in, Params of, int i) {
        for (int j = 0; j < in.size(); j++) {
            if (UriEscapes.equivalent(of.bytes(), of.nameStart(i), of.nameEnd(i), in.bytes(), in.nameStart(j),
                    in.nameEnd(j), true)) {
                return j;
            }
        }
        return -1;
    }

    private static boolean sameValue(Params x, int i, Params y, int j) {
        int xs = x.valueStart(i);
        int ys = y.valueStart(j);
        if (xs < 0 || ys < 0) {
            return xs < 0 && ys < 0;
        }
        return UriEscapes.equivalent(x.bytes(), xs, x.valueEnd(i), y.bytes(), ys, y.valueEnd(j), true);
    }

    private static boolean mustBeInBoth(Params p, int i) {
        for (String name : MUST_BE_IN_BOTH) {
            if (p.nameEquals(i, name)) {
                return true;
            }
        }
        return false;
    }

    /** Every header of {@code x} is in {@code y} with an equivalent value (names in any case, values exactly). */
    private static boolean sameHeaders(SipUri x, SipUri y) {
        if (x.hasHeaders() != y.hasHeaders()) {
            return false;
        }
        if (!x.hasHeaders()) {
            return true;
        }
        byte[] xb = x.bytes();
        int i = x.headersStart();
        while (i < x.end()) {
            int eq = indexOf(xb, i, x.end(), (byte) '=');
            int next = indexOf(xb, eq, x.end(), (byte) '&');
            if (!hasHeader(y, xb, i, eq, next)) {
                return false;
            }
            i = next + 1;
        }
        return true;
    }

    private static boolean hasHeader(SipUri y, byte[] xb, int nameStart, int eq, int valueEnd) {
        byte[] yb = y.bytes();
        int j = y.headersStart();
        while (j < y.end()) {
            int yEq = indexOf(yb, j, y.end(), (byte) '=');
            int yNext = indexOf(yb, yEq, y.end(), (byte) '&');
            if (UriEscapes.equivalent(xb, nameStart, eq, yb, j, yEq, true)
                    && UriEscapes.equivalent(xb, eq + 1, valueEnd, yb, yEq + 1, yNext, false)) {
                return true;
            }
            j = yNext + 1;
        }
        return false;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return to;
    }
}
