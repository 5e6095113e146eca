package io.sipcluster.sip;

/**
 * One Contact value of a REGISTER or a dialog-creating message (RFC 3261 §20.10): an address and the contact
 * parameters a registrar uses, checked when the value is read: {@code expires} (delta-seconds, at most 2^32-1),
 * {@code q} (0 to 1 with up to three decimals), {@code reg-id} (RFC 5626, 1 to 2^31-1). {@code +sip.instance}
 * is kept exactly as received, quotes and angle brackets included, because that is how it is stored and
 * compared (RFC 5626 §4.1; losing the quotes breaks outbound and GRUU).
 */
public final class Contact {
    private final NameAddress address;

    /** The parameters were checked by {@link ContactReader}, so reading them again cannot fail. */
    Contact(NameAddress address) {
        this.address = address;
    }

    public NameAddress address() {
        return address;
    }

    public Uri uri() {
        return address.uri();
    }

    public Params params() {
        return address.params();
    }

    /** The expires parameter in seconds, or -1 if absent. */
    public long expires() {
        return ContactReader.checkedNumber(address.params(), "expires");
    }

    /** The q parameter in thousandths (q=0.33 is 330), or -1 if absent. */
    public int qPermille() {
        return ContactReader.checkedQ(address.params());
    }

    /** The {@code +sip.instance} parameter exactly as received, e.g. {@code "<urn:uuid:...>"}; null if absent. */
    public String instance() {
        return address.params().get("+sip.instance");
    }

    /** The {@code reg-id} parameter, or -1 if absent. */
    public long regId() {
        return ContactReader.checkedNumber(address.params(), "reg-id");
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
