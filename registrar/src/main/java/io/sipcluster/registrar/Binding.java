package io.sipcluster.registrar;

import java.util.List;
import java.util.Objects;

/**
 * One binding of an address of record to a contact address (RFC 3261 §10.3), as the registrar stores it.
 *
 * @param aor          the address-of-record key ({@code SipUri.aorKey()} of the REGISTER's To)
 * @param contactUri   the contact URI exactly as received; bindings of one AoR are matched by URI equivalence
 * @param contact      the Contact value as echoed in a 200: the address and its parameters as received, minus
 *                     {@code expires} (e.g. {@code <sip:a@192.0.2.1:5060>;+sip.instance="<urn:uuid:...>"})
 * @param qPermille    the q parameter in thousandths, or -1 if absent
 * @param expiresAtMillis when the binding lapses, on the caller's clock
 * @param callId       the Call-ID of the REGISTER that last wrote it
 * @param cseq         the CSeq number of that REGISTER
 * @param path         the Path values of that REGISTER (RFC 3327), top first, each as received
 * @param instance     {@code +sip.instance} as received (quotes kept), or null
 * @param regId        {@code reg-id} (RFC 5626), or -1
 * @param source       where that REGISTER came from
 * @param userAgent    its User-Agent, or empty
 */
public record Binding(String aor, String contactUri, String contact, int qPermille, long expiresAtMillis,
                      String callId, long cseq, List<String> path, String instance, long regId, Source source,
                      String userAgent) {
    public Binding {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contactUri, "contactUri");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(callId, "callId");
        path = List.copyOf(path);
        Objects.requireNonNull(source, "source");
        userAgent = userAgent == null ? "" : userAgent;
    }

    /** Whole seconds left at {@code nowMillis}, rounded up; 0 once lapsed. */
    public long remainingSeconds(long nowMillis) {
        long left = expiresAtMillis - nowMillis;
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    public boolean isLive(long nowMillis) {
        return expiresAtMillis > nowMillis;
    }
}
