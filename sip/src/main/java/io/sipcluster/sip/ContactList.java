package io.sipcluster.sip;

import java.util.List;

/**
 * The Contact header of a message, over all its lines: {@code STAR / (contact-param *(COMMA contact-param))}
 * (RFC 3261 §20.10).
 */
final class ContactList {
    /** Stands for {@code Contact: *}; compared by identity, so it must be an instance of its own. */
    static final List<Contact> WILDCARD = new ValueList<>();

    private ContactList() {}

    static List<Contact> read(SipMessage m) throws MalformedSipException {
        ValueList<Contact> list = null;
        for (int i = m.fields.next(HeaderName.CONTACT, 0); i >= 0; i = m.fields.next(HeaderName.CONTACT, i + 1)) {
            Cursor c = m.cursor(i, "Contact");
            c.skipLws();
            if (c.peek() == '*') {
                c.pos++;
                c.skipLws();
                if (c.more() || list != null || m.fields.next(HeaderName.CONTACT, i + 1) >= 0) {
                    throw c.fail("'*' must be the only Contact value");
                }
                return WILDCARD;
            }
            if (list == null) {
                list = new ValueList<>();
            }
            do {
                m.checkValueCount(list.size(), "Contact");
                list.append(ContactReader.read(c, m.limits.maxParameters()));
            } while (SipMessage.expectValueSeparator(c));
        }
        return list == null ? List.of() : list;
    }
}
