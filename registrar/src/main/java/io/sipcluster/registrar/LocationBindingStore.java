package io.sipcluster.registrar;

import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.SipUri;
import io.sipcluster.usrloc.Outcome;
import io.sipcluster.usrloc.service.AorKey;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactData;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The registrar's bindings kept in the usrloc {@link LocationService}: what the registrar writes goes through the
 * location table, so it is replicated, persisted and expired like any usrloc contact, and what other nodes
 * registered is found here too.
 *
 * <p>Contacts are matched by URI alone (OpenSIPS {@code matching_mode} 0, as RFC 3261 §10.3 step 7 says); the
 * registrar has already applied the Call-ID/CSeq ordering rules. The source address is kept as {@code received}
 * only when it differs from the Contact's host and port, which is what marks the contact as behind a NAT.
 */
public final class LocationBindingStore implements BindingStore {
    private static final ContactMatch BY_URI = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());

    private final LocationService location;
    private final Str ownerTag;

    /** {@code ownerTag}: the sharing tag every binding written here is owned by (ownership mode), or empty. */
    public LocationBindingStore(LocationService location, String ownerTag) {
        this.location = Objects.requireNonNull(location, "location");
        this.ownerTag = Str.of(Objects.requireNonNull(ownerTag, "ownerTag"));
    }

    public LocationService location() {
        return location;
    }

    @Override
    public List<Binding> bindings(String aor) {
        List<io.sipcluster.usrloc.Binding> stored = location.lookup(AorKey.of(aor));
        List<Binding> out = new ArrayList<>(stored.size());
        for (io.sipcluster.usrloc.Binding b : stored) {
            out.add(toRegistrar(aor, b));
        }
        return out;
    }

    @Override
    public PutResult put(Binding binding, Binding replaced) {
        Str aor = AorKey.of(binding.aor());
        if (replaced != null && !replaced.contactUri().equals(binding.contactUri())) {
            // an equivalent URI written differently: the old text goes, the new one is stored
            location.remove(aor, Str.of(replaced.contactUri()), Str.of(replaced.callId()), (int) replaced.cseq(),
                    BY_URI);
        }
        Outcome o = location.register(aor, toUsrloc(binding, location.nowSeconds()), BY_URI);
        return switch (o) {
            case REFUSED_AOR_FULL -> PutResult.AOR_FULL;
            case REFUSED_TABLE_FULL -> PutResult.TABLE_FULL;
            default -> PutResult.STORED;
        };
    }

    @Override
    public void remove(Binding binding, String callId, long cseq) {
        location.remove(AorKey.of(binding.aor()), Str.of(binding.contactUri()), Str.of(callId), (int) cseq, BY_URI);
    }

    @Override
    public void removeAll(String aor) {
        location.removeAor(AorKey.of(aor));
    }

    // ------------------------------------------------------------------ the two views of a binding

    io.sipcluster.usrloc.Binding toUsrloc(Binding b, long nowSeconds) {
        // usrloc keeps whole seconds (as OpenSIPS does); rounding down never grants more than was asked
        long expires = b.expiresAtMillis() == Long.MAX_VALUE ? 0 : b.expiresAtMillis() / 1000;
        return new io.sipcluster.usrloc.Binding(Str.of(b.contactUri()), Str.of(b.callId()), (int) b.cseq(), expires,
                b.qPermille() < 0 ? ContactData.Q_UNSET : b.qPermille(), Str.of(String.join(",", b.path())),
                Str.of(receivedIfNatted(b)), Str.of(b.userAgent()), 0, Str.EMPTY, Str.EMPTY,
                b.instance() == null ? Str.EMPTY : Str.of(b.instance()), b.regId() < 0 ? 0 : (int) b.regId(), -1,
                Str.EMPTY, ownerTag, nowSeconds);
    }

    static Binding toRegistrar(String aor, io.sipcluster.usrloc.Binding b) {
        String uri = b.contactUri().toString();
        String instance = b.instance().isEmpty() ? null : b.instance().toString();
        StringBuilder contact = new StringBuilder(uri.length() + 64).append('<').append(uri).append('>');
        if (b.q() >= 0) {
            contact.append(";q=").append(qText(b.q()));
        }
        if (instance != null) {
            contact.append(";+sip.instance=").append(instance);
        }
        if (b.regId() > 0) {
            contact.append(";reg-id=").append(b.regId());
        }
        long expiresAt = b.expires() == 0 ? Long.MAX_VALUE : b.expires() * 1000;
        return new Binding(aor, uri, contact.toString(), b.q(), expiresAt, b.callid().toString(), b.cseq(),
                splitPath(b.path().toString()), instance, b.regId() > 0 ? b.regId() : -1,
                sourceOf(b), b.userAgent().toString());
    }

    /** {@code sip:ADDR:PORT} (with {@code ;transport=} when not UDP) if the request came from elsewhere, else "". */
    static String receivedIfNatted(Binding b) {
        Source s = b.source();
        try {
            SipUri contact = SipUri.parse(b.contactUri());
            String host = bare(contact.host());
            int port = contact.port() < 0 ? 5060 : contact.port();
            if (host.equalsIgnoreCase(s.address()) && port == s.port()) {
                return "";
            }
        } catch (MalformedSipException notSip) {
            // a non-SIP contact: keep where it came from
        }
        String host = s.address().indexOf(':') >= 0 ? "[" + s.address() + "]" : s.address();
        String transport = s.transport().equalsIgnoreCase("UDP") ? ""
                : ";transport=" + s.transport().toLowerCase(Locale.ROOT);
        return "sip:" + host + ':' + s.port() + transport;
    }

    /** Where the binding is reached: its received address when behind a NAT, else the Contact's own. */
    static Source sourceOf(io.sipcluster.usrloc.Binding b) {
        String text = b.received().isEmpty() ? b.contactUri().toString() : b.received().toString();
        try {
            SipUri uri = SipUri.parse(text);
            String transport = uri.transport() == null ? "UDP" : uri.transport().toUpperCase(Locale.ROOT);
            return new Source(bare(uri.host()), uri.port() < 0 ? 5060 : uri.port(), transport);
        } catch (MalformedSipException | IllegalArgumentException unreadable) {
            return new Source("", 0, "UDP");
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Path values joined by commas; commas inside {@code <...>} or quotes do not split. */
    static List<String> splitPath(String joined) {
        List<String> out = new ArrayList<>(2);
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '"' && (i == 0 || joined.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth = Math.max(0, depth - 1);
            } else if (!quoted && depth == 0 && c == ',') {
                addTrimmed(out, joined.substring(start, i));
                start = i + 1;
            }
        }
        addTrimmed(out, joined.substring(start));
        return out;
    }

    private static void addTrimmed(List<String> out, String s) {
        String t = s.trim();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }

    private static String qText(int permille) {
        if (permille >= 1000) {
            return "1";
        }
        String digits = String.format(Locale.ROOT, "%03d", permille).replaceAll("0+$", "");
        return digits.isEmpty() ? "0" : "0." + digits;
    }
}
