package io.sipcluster.registrar;

import io.sipcluster.sip.CSeq;
import io.sipcluster.sip.Contact;
import io.sipcluster.sip.HeaderName;
import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.Methods;
import io.sipcluster.sip.NameAddress;
import io.sipcluster.sip.Params;
import io.sipcluster.sip.RequestValidation;
import io.sipcluster.sip.ResponseBuilder;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipUri;
import io.sipcluster.sip.Uri;
import io.sipcluster.sip.Via;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A registrar (RFC 3261 §10.3) without I/O: {@link #handle} takes a parsed request, where it came from and the time,
 * applies a REGISTER to the {@link BindingStore} and returns the response bytes. Thread-safe: the updates of one
 * address of record are serialised here (striped locks), so the store only needs atomic calls.
 *
 * <p>What it answers:
 * <ul>
 *   <li>REGISTER: 200 listing every live binding of the AoR with its remaining seconds (and the request's Path when
 *       it says {@code Supported: path}); 400 naming the bad field; 416 for a Request-URI or To that is not
 *       {@code sip:}/{@code sips:}; 420 for a Require option other than {@code path}; 423 with Min-Expires;
 *       500 for a request older than (or as old as) a stored binding of the same Call-ID.</li>
 *   <li>OPTIONS: 200 with Allow.</li>
 *   <li>ACK: nothing. Any other method: 405 with Allow.</li>
 *   <li>A SIP-Version other than 2.0: 505.</li>
 * </ul>
 * A retransmission (same top Via branch and sent-by, Call-ID and CSeq within 32 s) gets the first answer's bytes.
 */
public final class Registrar {
    public static final String ALLOW = "REGISTER, OPTIONS";
    private static final int LOCK_STRIPES = 256;

    private final BindingStore store;
    private final RegistrarConfig config;
    private final ResponseCache answered;
    private final Object[] locks = new Object[LOCK_STRIPES];

    public Registrar(BindingStore store, RegistrarConfig config) {
        this(store, config, 65_536);
    }

    /** {@code cachedAnswers}: how many answers are kept for retransmissions (at most 32 s each). */
    public Registrar(BindingStore store, RegistrarConfig config, int cachedAnswers) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.answered = new ResponseCache(cachedAnswers);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public BindingStore store() {
        return store;
    }

    /** The answer to {@code request}, or null when none is due (ACK). {@code nowMillis} is the caller's clock. */
    public Answer handle(SipRequest request, Source source, long nowMillis) {
        String method = request.method();
        if (Methods.ACK.equals(method)) {
            return null;
        }
        String key = transactionKey(request);
        if (key != null) {
            Answer again = answered.get(key, nowMillis);
            if (again != null) {
                return again;
            }
        }
        Answer answer = answer(request, source, nowMillis);
        if (key != null) {
            answered.put(key, answer, nowMillis);
        }
        return answer;
    }

    private Answer answer(SipRequest request, Source source, long nowMillis) {
        String tag = toTag(request);
        if (!request.isSip20()) {
            return new Answer(505, reply(request, 505, tag, source).build());
        }
        try {
            RequestValidation.check(request);
            return switch (request.method()) {
                case Methods.REGISTER -> register(request, source, nowMillis, tag);
                case Methods.OPTIONS -> new Answer(200, reply(request, 200, tag, source).header("Allow", ALLOW).build());
                default -> new Answer(405, reply(request, 405, tag, source).header("Allow", ALLOW).build());
            };
        } catch (MalformedSipException bad) {
            return new Answer(400, reply(request, 400, tag, source).reason("Bad Request (" + bad.field() + ")").build());
        }
    }

    /** One Contact of the request with the interval granted to it. */
    private record Wanted(Contact contact, String uriText, Uri uri, long seconds) {}

    private Answer register(SipRequest request, Source source, long nowMillis, String tag)
            throws MalformedSipException {
        // Step 1-2: the Request-URI names a domain we serve (any sip/sips one here); Require options we support.
        if (!(request.requestUri() instanceof SipUri)) {
            return new Answer(416, reply(request, 416, tag, source).build());
        }
        String unsupported = unsupportedRequire(request);
        if (unsupported != null) {
            return new Answer(420, reply(request, 420, tag, source)
                    .header(HeaderName.UNSUPPORTED, unsupported).build());
        }
        // Step 5: the address of record is the To URI.
        if (!(request.to().uri() instanceof SipUri toUri)) {
            return new Answer(416, reply(request, 416, tag, source).build());
        }
        String aor = toUri.aorKey();
        String callId = request.callId();
        long cseq = request.cseq().number();
        if (cseq > Integer.MAX_VALUE) {
            // RFC 3261 §8.1.1.5: "MUST be less than 2**31"; stores and the usrloc wire format hold 32-bit signed
            throw new MalformedSipException("CSeq", "CSeq number " + cseq + " is not below 2^31");
        }
        long headerExpires = request.expires();
        List<Contact> contacts = request.contacts();
        List<String> path = new ArrayList<>();
        for (NameAddress p : request.paths()) {
            path.add(p.text());
        }

        synchronized (lockOf(aor)) {
            List<Binding> current = live(aor, nowMillis);
            if (request.isContactWildcard()) {
                // Step 6: "*" only alone and with Expires: 0.
                if (headerExpires != 0) {
                    throw new MalformedSipException("Expires", "Contact: * needs Expires: 0");
                }
                for (Binding b : current) {
                    if (b.callId().equals(callId) && cseq <= b.cseq()) {
                        return outOfOrder(request, tag, source);
                    }
                }
                store.removeAll(aor);
                return ok(request, tag, source, List.of(), nowMillis);
            }
            // Step 7: the interval of every contact, checked before anything is changed.
            List<Wanted> wanted = new ArrayList<>(contacts.size());
            for (Contact c : contacts) {
                long seconds = c.expires() >= 0 ? c.expires() : headerExpires >= 0 ? headerExpires
                        : config.defaultExpires();
                if (seconds > 0 && seconds < 3600 && seconds < config.minExpires()) {
                    return new Answer(423, reply(request, 423, tag, source)
                            .header(HeaderName.MIN_EXPIRES, Long.toString(config.minExpires())).build());
                }
                wanted.add(new Wanted(c, c.uri().text(), c.uri(), Math.min(seconds, config.maxExpires())));
            }
            // Ordering: a binding last written by the same Call-ID with a CSeq not lower fails the whole request.
            for (Wanted w : wanted) {
                Binding existing = find(current, w.uri);
                if (existing != null && existing.callId().equals(callId) && cseq <= existing.cseq()) {
                    return outOfOrder(request, tag, source);
                }
            }
            String userAgent = request.userAgent();
            for (Wanted w : wanted) {
                Binding existing = find(current, w.uri);
                if (w.seconds > 0) {
                    Contact c = w.contact;
                    Binding b = new Binding(aor, w.uriText, echoed(c), c.qPermille(), nowMillis + w.seconds * 1000,
                            callId, cseq, path, c.instance(), c.regId(), source, userAgent);
                    BindingStore.PutResult put = store.put(b, existing);
                    if (put != BindingStore.PutResult.STORED) {
                        // OpenSIPS answers the same when max_contacts is reached; earlier contacts of this request stay
                        return new Answer(503, reply(request, 503, tag, source).reason(
                                put == BindingStore.PutResult.AOR_FULL ? "Too Many Registered Contacts"
                                        : "Location Table Full").build());
                    }
                    if (existing != null) {
                        current.remove(existing);
                    }
                    current.add(b);
                } else if (existing != null) {
                    store.remove(existing, callId, cseq);
                    current.remove(existing);
                }
            }
            // read back: the store may have changed more than asked (an RFC 5626 flow replaced by its new contact)
            return ok(request, tag, source, live(aor, nowMillis), nowMillis);
        }
    }

    private Answer ok(SipRequest request, String tag, Source source, List<Binding> bindings, long nowMillis)
            throws MalformedSipException {
        ResponseBuilder r = reply(request, 200, tag, source);
        for (Binding b : bindings) {
            r.contact(b.contact(), b.remainingSeconds(nowMillis));
        }
        if (supportsPath(request)) {
            for (NameAddress p : request.paths()) {
                r.header(HeaderName.PATH, p.text());
            }
        }
        return new Answer(200, r.build());
    }

    private static Answer outOfOrder(SipRequest request, String tag, Source source) {
        return new Answer(500, reply(request, 500, tag, source).reason("Out Of Order CSeq").build());
    }

    /** A response with the To tag, and the top Via annotated with received/rport for the source (RFC 3581). */
    private static ResponseBuilder reply(SipRequest request, int status, String tag, Source source) {
        return ResponseBuilder.of(request, status).toTag(tag).received(source.address(), source.port());
    }

    /** The live bindings of {@code aor} (a mutable copy). */
    private List<Binding> live(String aor, long nowMillis) {
        List<Binding> all = store.bindings(aor);
        List<Binding> live = new ArrayList<>(all.size() + 1);
        for (Binding b : all) {
            if (b.isLive(nowMillis)) {
                live.add(b);
            }
        }
        return live;
    }

    /** The binding whose contact URI is equivalent to {@code uri} (RFC 3261 §19.1.4 for SIP URIs; same text else). */
    private static Binding find(List<Binding> bindings, Uri uri) {
        for (Binding b : bindings) {
            if (sameContact(b.contactUri(), uri)) {
                return b;
            }
        }
        return null;
    }

    private static boolean sameContact(String stored, Uri uri) {
        if (stored.equals(uri.text())) {
            return true;
        }
        if (uri instanceof SipUri sip) {
            try {
                return SipUri.parse(stored).equivalentTo(sip);
            } catch (MalformedSipException notSip) {
                return false;
            }
        }
        return false;
    }

    /** The Contact as echoed in a 200: {@code <uri>} and its parameters as received, except {@code expires}. */
    static String echoed(Contact c) {
        StringBuilder s = new StringBuilder().append('<').append(c.uri().text()).append('>');
        Params p = c.params();
        for (int i = 0; i < p.size(); i++) {
            if (p.name(i).equalsIgnoreCase("expires")) {
                continue;
            }
            s.append(';').append(p.name(i));
            if (p.value(i) != null) {
                s.append('=').append(p.value(i));
            }
        }
        return s.toString();
    }

    /** The first Require option tag other than {@code path}, or null. */
    private static String unsupportedRequire(SipRequest request) {
        for (String line : request.headers("Require")) {
            for (String option : line.split(",")) {
                String o = option.trim();
                if (!o.isEmpty() && !o.equalsIgnoreCase("path")) {
                    return o;
                }
            }
        }
        return null;
    }

    private static boolean supportsPath(SipRequest request) throws MalformedSipException {
        for (String option : request.supported()) {
            if (option.equalsIgnoreCase("path")) {
                return true;
            }
        }
        return false;
    }

    private Object lockOf(String aor) {
        return locks[(aor.hashCode() & 0x7fff_ffff) % LOCK_STRIPES];
    }

    /**
     * The transaction of a request for the retransmission check: top Via branch and sent-by, Call-ID, CSeq; null
     * when the top Via has no RFC 3261 branch or a field cannot be read (then nothing is cached).
     */
    private static String transactionKey(SipRequest request) {
        try {
            Via via = request.topVia();
            if (!via.hasRfc3261Branch()) {
                return null;
            }
            CSeq cseq = request.cseq();
            return via.branch() + '\n' + via.host().toLowerCase(Locale.ROOT) + ':' + via.port() + '\n'
                    + request.callId() + '\n' + cseq.number() + ' ' + cseq.method();
        } catch (MalformedSipException unreadable) {
            return null;
        }
    }

    /** A To tag that is the same for a request and its retransmissions: a hash of Call-ID, From tag and branch. */
    private static String toTag(SipRequest request) {
        long h = 0xcbf2_9ce4_8422_2325L;
        h = mix(h, request.header(HeaderName.CALL_ID));
        h = mix(h, request.header(HeaderName.FROM));
        try {
            h = mix(h, request.topVia().branch());
        } catch (MalformedSipException unreadable) {
            h = mix(h, "?");
        }
        return "r" + Long.toHexString(h);
    }

    private static long mix(long h, String s) {
        if (s == null) {
            return h * 0x100_0000_01b3L;
        }
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100_0000_01b3L;
        }
        return (h ^ 0xff) * 0x100_0000_01b3L;
    }
}
