package io.sipcluster.wire.usrloc;

import io.sipcluster.wire.Str;
import io.sipcluster.wire.WireName;
import java.util.List;

/**
 * How the receiver finds the contact a packet is about (OpenSIPS {@code ct_match}): by URI only, by URI and
 * Call-ID, or by URI parameters such as {@code rinstance}. {@code params} is empty unless the mode is PARAMS.
 */
public record ContactMatch(int mode, @WireName("param") List<Str> params) {
    public static final int NONE = -1;
    public static final int CONTACT_ONLY = 0;
    public static final int CONTACT_CALLID = 1;
    public static final int PARAMS = 2;

    public static final ContactMatch UNSET = new ContactMatch(NONE, List.of());
    public static final ContactMatch BY_CALLID = new ContactMatch(CONTACT_CALLID, List.of());

    public ContactMatch {
        if (mode < NONE || mode > PARAMS) {
            throw new IllegalArgumentException("contact match mode " + mode + " outside [-1, 2]");
        }
        if (mode != PARAMS && !params.isEmpty()) {
            throw new IllegalArgumentException("match parameters only go with mode PARAMS");
        }
        params = List.copyOf(params);
    }
}
