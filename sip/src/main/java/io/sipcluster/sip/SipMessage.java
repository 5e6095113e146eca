package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed SIP message over the bytes it was read from: the start line is parsed, the header fields are located,
 * the body is delimited; each header value is parsed the first time it is asked for, and kept.
 *
 * <p>Accessors of headers throw {@link MalformedSipException} when the value does not follow its grammar, when a
 * header that may appear only once appears again (RFC 4475 §3.3.8), or, for the headers every request and
 * response must have (Via, From, To, Call-ID, CSeq), when it is missing. Optional headers that are absent give -1,
 * null or an empty list. A message can therefore be received, and even answered, although a header it does not
 * need is broken; RFC 4475's Date with a bad time zone (§3.1.2.12) costs nothing to a registrar that never reads
 * Date.
 *
 * <p>The message keeps a reference to the array it was parsed from, which must not change afterwards. It is not
 * thread-safe: one thread parses and reads it, as one event loop owns a connection.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
    final byte[] b;
    /** The start line, header fields and body as the parser found them; {@code fields} is the same object. */
    final MessageLayout layout;
    final HeaderFields fields;
    final SipLimits limits;
    private final String version;

    private Via topVia;
    private List<Via> vias;
    private NameAddress from;
    private NameAddress to;
    private String callId;
    private CSeq cseq;
    private List<Contact> contacts;
    private boolean contactWildcard;
    /** The one cursor the accessors share: they never nest, and a message has one thread. */
    private Cursor cursor;

    SipMessage(MessageLayout layout, String version) {
        this.b = layout.b;
        this.layout = layout;
        this.fields = layout;
        this.limits = layout.limits;
        this.version = version;
    }

    /** The SIP-Version of the start line, e.g. {@code "SIP/2.0"}; another version needs a 505 (RFC 4475 §3.1.2.16). */
    public String version() {
        return version;
    }

    public boolean isSip20() {
        return "SIP/2.0".equals(version);
    }

    /** What the parser accepted although RFC 3261 does not allow it; empty for a conforming message. */
    public Set<Tolerance> tolerated() {
        EnumSet<Tolerance> set = EnumSet.noneOf(Tolerance.class);
        for (Tolerance t : Tolerance.values()) {
            if ((layout.tolerated & t.bit()) != 0) {
                set.add(t);
            }
        }
        return set;
    }

    public boolean wasTolerated(Tolerance t) {
        return (layout.tolerated & t.bit()) != 0;
    }

    /** The first Via value, parsed alone: enough to answer or to match a transaction. */
    public Via topVia() throws MalformedSipException {
        if (topVia == null) {
            int at = required(HeaderName.VIA);
            Cursor c = cursor(at, "Via");
            topVia = ViaReader.read(c, limits.maxParameters());
            expectValueSeparator(c);
        }
        return topVia;
    }

    /** The top Via read by {@link #topVia()} if it was, so that it is not read twice; else read now. */
    private Via topVia(Cursor c) throws MalformedSipException {
        if (topVia == null) {
            topVia = ViaReader.read(c, limits.maxParameters());
        } else {
            c.pos = topVia.valueEnd();
        }
        return topVia;
    }

    /** Every Via value, over all Via and {@code v} lines, top first. */
    public List<Via> vias() throws MalformedSipException {
        if (vias == null) {
            required(HeaderName.VIA);
            ValueList<Via> list = new ValueList<>();
            for (int i = fields.next(HeaderName.VIA, 0); i >= 0; i = fields.next(HeaderName.VIA, i + 1)) {
                Cursor c = cursor(i, "Via");
                do {
                    checkValueCount(list.size(), "Via");
                    list.append(list.isEmpty() ? topVia(c) : ViaReader.read(c, limits.maxParameters()));
                } while (expectValueSeparator(c));
            }
            vias = list;
        }
        return vias;
    }

    public NameAddress from() throws MalformedSipException {
        if (from == null) {
            from = singleAddress(HeaderName.FROM);
        }
        return from;
    }

    public NameAddress to() throws MalformedSipException {
        if (to == null) {
            to = singleAddress(HeaderName.TO);
        }
        return to;
    }

    /** {@code callid = word ["@" word]}, compared byte for byte. */
    public String callId() throws MalformedSipException {
        if (callId == null) {
            int at = required(HeaderName.CALL_ID);
            Cursor c = cursor(at, "Call-ID");
            if (c.scan(Chars.WORD) == c.pos) {
                throw c.fail("empty");
            }
            if (c.peek() == '@') {
                c.pos++;
                if (c.scan(Chars.WORD) == c.pos) {
                    throw c.fail("nothing after '@'");
                }
            }
            if (c.more()) {
                throw c.fail("character not allowed in a Call-ID");
            }
            callId = new String(b, fields.valueStart(at), c.pos - fields.valueStart(at), StandardCharsets.ISO_8859_1);
        }
        return callId;
    }

    public CSeq cseq() throws MalformedSipException {
        if (cseq == null) {
            cseq = CSeq.read(cursor(required(HeaderName.CSEQ), "CSeq"));
        }
        return cseq;
    }

    /** Every Contact value over all Contact and {@code m} lines; empty if there is none or if it is {@code *}. */
    public List<Contact> contacts() throws MalformedSipException {
        if (contacts == null) {
            contacts = ContactList.read(this);
            contactWildcard = contacts == ContactList.WILDCARD;
        }
        return contactWildcard ? List.of() : contacts;
    }

    /** Whether the Contact is {@code *}, which in a REGISTER with Expires 0 removes every binding (RFC 3261 §10.2.2). */
    public boolean isContactWildcard() throws MalformedSipException {
        contacts();
        return contactWildcard;
    }

    /** The Expires header in seconds (0 to 2^32-1), or -1 if absent. */
    public long expires() throws MalformedSipException {
        return deltaSeconds(HeaderName.EXPIRES);
    }

    /** The Min-Expires header in seconds, or -1 if absent. */
    public long minExpires() throws MalformedSipException {
        return deltaSeconds(HeaderName.MIN_EXPIRES);
    }

    /** Max-Forwards (0 to 255), or -1 if absent. */
    public int maxForwards() throws MalformedSipException {
        int at = single(HeaderName.MAX_FORWARDS);
        return at < 0 ? -1 : (int) Numbers.parse(b, fields.valueStart(at), fields.valueEnd(at), 255, "Max-Forwards");
    }

    /** The Content-Length header, or -1 if absent (only possible for a datagram). */
    public int contentLength() {
        int at = fields.next(HeaderName.CONTENT_LENGTH, 0);
        return at < 0 ? -1 : layout.bodyEnd - layout.bodyStart;
    }

    /** The Content-Type value as received (folds unfolded), or null. */
    public String contentType() throws MalformedSipException {
        int at = single(HeaderName.CONTENT_TYPE);
        return at < 0 ? null : value(at);
    }

    public List<NameAddress> routes() throws MalformedSipException {
        return routeList(HeaderName.ROUTE);
    }

    public List<NameAddress> recordRoutes() throws MalformedSipException {
        return routeList(HeaderName.RECORD_ROUTE);
    }

    /** The Path values of a REGISTER (RFC 3327). */
    public List<NameAddress> paths() throws MalformedSipException {
        return routeList(HeaderName.PATH);
    }

    /** The option tags of Supported and {@code k} lines, in order. */
    public List<String> supported() throws MalformedSipException {
        return OptionTags.read(this, HeaderName.SUPPORTED);
    }

    public String userAgent() {
        return header(HeaderName.USER_AGENT);
    }

    /** The first Authorization value, unparsed: credentials are the authenticator's business, never logged here. */
    public String authorization() {
        return header(HeaderName.AUTHORIZATION);
    }

    /** The value of the first field of this header, as received with folds unfolded; null if absent. */
    public String header(HeaderName name) {
        int at = fields.next(name, 0);
        return at < 0 ? null : value(at);
    }

    /** Like {@link #header(HeaderName)} for any name, long or compact, in any case. */
    public String header(String name) {
        int at = nextNamed(name, 0);
        return at < 0 ? null : value(at);
    }

    /** The values of every field with this name, one per line, in order. */
    public List<String> headers(String name) {
        List<String> out = new ArrayList<>();
        for (int i = nextNamed(name, 0); i >= 0; i = nextNamed(name, i + 1)) {
            out.add(value(i));
        }
        return List.copyOf(out);
    }

    public boolean has(HeaderName name) {
        return fields.next(name, 0) >= 0;
    }

    /** Header field lines in the message. */
    public int headerFieldCount() {
        return fields.count();
    }

    /** The whole message's bytes; the message is {@code [offset(), offset() + length())} of this array. */
    public byte[] array() {
        return b;
    }

    public int offset() {
        return layout.start;
    }

    public int length() {
        return layout.bodyEnd - layout.start;
    }

    public int bodyOffset() {
        return layout.bodyStart;
    }

    public int bodyLength() {
        return layout.bodyEnd - layout.bodyStart;
    }

    /** A copy of the body. */
    public byte[] body() {
        return Arrays.copyOfRange(b, layout.bodyStart, layout.bodyEnd);
    }

    /** The start line as received, without its CRLF. */
    public String startLine() {
        return new String(b, layout.start, layout.startLineEnd - layout.start, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return startLine() + " (" + length() + " bytes)";
    }

    /** The field's value as text, folds unfolded. */
    String value(int at) {
        return Text.unfold(b, fields.valueStart(at), fields.valueEnd(at));
    }

    /**
     * The message's cursor, over one field's value, naming {@code field} in failures. Only for accessors, which
     * use it to the end before another one starts; code that may call out (a builder's predicate) uses
     * {@link #newCursor}.
     */
    Cursor cursor(int at, String field) {
        if (cursor == null) {
            cursor = new Cursor(b, 0, 0, field);
        }
        return cursor.reset(fields.valueStart(at), fields.valueEnd(at), field);
    }

    /** A cursor of its own over one field's value. */
    Cursor newCursor(int at, String field) {
        return new Cursor(b, fields.valueStart(at), fields.valueEnd(at), field);
    }

    /** The index of the only field of a header that must appear once, or -1 if it is absent. */
    int single(HeaderName name) throws MalformedSipException {
        int at = fields.next(name, 0);
        if (at >= 0 && fields.isRepeated(name)) {
            throw new MalformedSipException(name.canonical(), "appears more than once");
        }
        return at;
    }

    /** Like {@link #single} for headers every message must have; Via may appear on several lines. */
    int required(HeaderName name) throws MalformedSipException {
        int at = name == HeaderName.VIA ? fields.next(name, 0) : single(name);
        if (at < 0) {
            throw new MalformedSipException(name.canonical(), "missing");
        }
        return at;
    }

    void checkValueCount(int count, String field) throws MalformedSipException {
        if (count == limits.maxValuesPerHeader()) {
            throw new MalformedSipException(field, "more than " + limits.maxValuesPerHeader() + " values");
        }
    }

    /** After a value of a list: true if a comma and another value follow, false at the end of the line. */
    static boolean expectValueSeparator(Cursor c) throws MalformedSipException {
        c.skipLws();
        if (!c.more()) {
            return false;
        }
        if (c.peek() != ',') {
            throw c.fail("unexpected character after a value");
        }
        c.pos++;
        return true;
    }

    /** From or To: one address, and a tag with a value if there is a tag ({@code tag-param = "tag" EQUAL token}). */
    private NameAddress singleAddress(HeaderName name) throws MalformedSipException {
        Cursor c = cursor(required(name), name.canonical());
        NameAddress address = NameAddressReader.read(c, false, limits.maxParameters());
        c.skipLws();
        if (c.more()) {
            throw c.fail("more than one value");
        }
        Params p = address.params();
        int tag = p.indexOf("tag");
        if (tag >= 0 && (p.valueStart(tag) < 0 || p.bytes()[p.valueStart(tag)] == '"')) {
            throw new MalformedSipException(name.canonical() + ".tag", "needs a token value");
        }
        return address;
    }

    private List<NameAddress> routeList(HeaderName name) throws MalformedSipException {
        ValueList<NameAddress> list = new ValueList<>();
        for (int i = fields.next(name, 0); i >= 0; i = fields.next(name, i + 1)) {
            Cursor c = cursor(i, name.canonical());
            do {
                checkValueCount(list.size(), name.canonical());
                list.append(NameAddressReader.read(c, true, limits.maxParameters()));
            } while (expectValueSeparator(c));
        }
        return list;
    }

    private long deltaSeconds(HeaderName name) throws MalformedSipException {
        int at = single(name);
        return at < 0 ? -1 : Numbers.parse(b, fields.valueStart(at), fields.valueEnd(at), Numbers.MAX_UNSIGNED_32,
                name.canonical());
    }

    private int nextNamed(String name, int from) {
        HeaderName kind = HeaderName.of(name);
        if (kind != HeaderName.OTHER) {
            return fields.next(kind, from);
        }
        for (int i = from; i < fields.count(); i++) {
            if (fields.is(i, HeaderName.OTHER) && sameName(i, name)) {
                return i;
            }
        }
        return -1;
    }

    private boolean sameName(int i, String name) {
        int ns = fields.nameStart(i);
        int len = fields.nameEnd(i) - ns;
        if (len != name.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (Chars.toLower(b[ns + k] & 0xFF) != Chars.toLower(name.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
