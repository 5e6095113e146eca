package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Comma-separated option tags of Supported, Require and the like: {@code [option-tag *(COMMA option-tag)]}. */
final class OptionTags {
    private OptionTags() {}

    static List<String> read(SipMessage m, HeaderName name) throws MalformedSipException {
        List<String> tags = new ArrayList<>(4);
        for (int i = m.fields.next(name, 0); i >= 0; i = m.fields.next(name, i + 1)) {
            Cursor c = m.cursor(i, name.canonical());
            c.skipLws();
            if (!c.more()) {
                continue; // the list may be empty
            }
            do {
                m.checkValueCount(tags.size(), name.canonical());
                c.skipLws();
                int tagStart = c.token("option tag");
                tags.add(new String(c.b, tagStart, c.pos - tagStart, StandardCharsets.ISO_8859_1));
            } while (SipMessage.expectValueSeparator(c));
        }
        return List.copyOf(tags);
    }
}
