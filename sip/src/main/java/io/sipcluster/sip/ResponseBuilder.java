package io.sipcluster.sip;

import java.util.Objects;

/**
 * Builds a response to a request as RFC 3261 §8.2.6 says: the Via lines, From, Call-ID and CSeq copied byte for byte
 * (compact names and all; every Via line, {@code v:} ones included), the To copied with a tag added when it has
 * none, then the headers the caller adds, then {@code Content-Length}, always, so that the response can go over a
 * stream.
 *
 * <pre>{@code
 * byte[] ok = ResponseBuilder.of(register, 200)
 *         .toTag(tag)
 *         .received(sourceIp, sourcePort)
 *         .contact(binding, 3600)
 *         .build();
 * }</pre>
 *
 * The builder is not tied to a transport or a clock: the caller supplies the tag and any Date. Header names and
 * values from the caller are checked for what would break the message (CR, LF, a name that is not a token) and
 * refused with {@link IllegalArgumentException}: they are the application's, not the peer's.
 */
public final class ResponseBuilder {
    private final SipRequest request;
    private final int status;
    private String reason;
    private String toTag;
    private String sourceAddress;
    private int sourcePort;
    private boolean recordRoute;
    private static final byte[] NO_BODY = new byte[0];

    /** The first line added by the caller (most responses add one: the Contact, Min-Expires, Retry-After). */
    private Line firstLine;
    /** Lines added after the first, in order; null until there is one. */
    private ValueList<Line> moreLines;
    private byte[] body = NO_BODY;

    private sealed interface Line permits HeaderLine, ContactLine, BindingLine {}

    private record HeaderLine(String name, String value) implements Line {}

    private record ContactLine(Contact contact, long expires) implements Line {}

    private record BindingLine(String address, long expires) implements Line {}

    private ResponseBuilder(SipRequest request, int status) {
        if (status < 100 || status > 699) {
            throw new IllegalArgumentException("status code " + status + " outside 100-699");
        }
        this.request = Objects.requireNonNull(request, "request");
        this.status = status;
        this.reason = ReasonPhrases.of(status);
    }

    public static ResponseBuilder of(SipRequest request, int status) {
        return new ResponseBuilder(request, status);
    }

    public ResponseBuilder reason(String phrase) {
        reason = checkText(phrase, "reason phrase");
        return this;
    }

    /**
     * The tag to add to To if it has none (RFC 3261 §8.2.6.2). A 100 Trying gets none; a To that cannot be parsed
     * (when answering it with a 400) is copied as it is, since a tag appended to it might land inside a quote.
     */
    public ResponseBuilder toTag(String tag) {
        toTag = checkToken(tag, "To tag");
        return this;
    }

    /** The request came from this address and port: annotate the copied top Via ({@link ReceivedParams}). */
    public ResponseBuilder received(String address, int port) {
        sourceAddress = checkText(address, "source address");
        sourcePort = port;
        return this;
    }

    /** Copies the request's Record-Route lines, as a UAS does in responses that establish a dialog (§12.1.1). */
    public ResponseBuilder copyRecordRoute() {
        recordRoute = true;
        return this;
    }

    /**
     * A Contact line for a binding as the request carried it: its address and parameters exactly as received
     * ({@code +sip.instance} quotes included), its expires parameter replaced by {@code expires}.
     */
    public ResponseBuilder contact(Contact contact, long expires) {
        return add(new ContactLine(Objects.requireNonNull(contact, "contact"), checkSeconds(expires)));
    }

    /**
     * A Contact line for a stored binding: {@code address} is a name-addr with its parameters as stored, e.g.
     * {@code <sip:a@192.0.2.1:5060>;+sip.instance="<urn:uuid:...>"}; {@code ;expires=N} is appended.
     */
    public ResponseBuilder contact(String address, long expires) {
        return add(new BindingLine(checkText(address, "contact"), checkSeconds(expires)));
    }

    public ResponseBuilder header(HeaderName name, String value) {
        if (name == HeaderName.OTHER || name == HeaderName.CONTENT_LENGTH) {
            throw new IllegalArgumentException("not a header the caller may add: " + name);
        }
        return header(name.canonical(), value);
    }

    public ResponseBuilder header(String name, String value) {
        checkToken(name, "header name");
        if (HeaderName.of(name) == HeaderName.CONTENT_LENGTH) {
            throw new IllegalArgumentException("Content-Length is written by the builder");
        }
        return add(new HeaderLine(name, checkText(value, name)));
    }

    private ResponseBuilder add(Line line) {
        if (firstLine == null) {
            firstLine = line;
        } else {
            if (moreLines == null) {
                moreLines = new ValueList<>();
            }
            moreLines.append(line);
        }
        return this;
    }

    /** A body and its Content-Type. */
    public ResponseBuilder body(String contentType, byte[] content) {
        header(HeaderName.CONTENT_TYPE, contentType);
        body = content.clone();
        return this;
    }

    public byte[] build() {
        SipWriter w = new SipWriter(request.length() + 128);
        writeTo(w);
        return w.toByteArray();
    }

    /** Appends the response to {@code w}; with a reused writer this allocates next to nothing. */
    public void writeTo(SipWriter w) {
        w.ascii("SIP/2.0 ").decimal(status).write(' ').utf8(reason).crlf();
        copyVias(w);
        copyAll(HeaderName.FROM, w);
        copyTo(w);
        copyAll(HeaderName.CALL_ID, w);
        copyAll(HeaderName.CSEQ, w);
        if (recordRoute) {
            copyAll(HeaderName.RECORD_ROUTE, w);
        }
        if (firstLine != null) {
            writeLine(firstLine, w);
        }
        if (moreLines != null) {
            for (int i = 0; i < moreLines.size(); i++) {
                writeLine(moreLines.get(i), w);
            }
        }
        w.ascii("Content-Length: ").decimal(body.length).crlf().crlf();
        w.bytes(body);
    }

    private void copyVias(SipWriter w) {
        HeaderFields f = request.fields;
        int first = f.next(HeaderName.VIA, 0);
        Splices annotation = annotation();
        for (int i = first; i >= 0; i = f.next(HeaderName.VIA, i + 1)) {
            if (i == first && annotation != null) {
                annotation.writeTo(request.b, f.nameStart(i), f.lineEnd(i) + 2, w);
            } else {
                copyLine(i, w);
            }
        }
    }

    /** The received/rport edits of the top Via, or null if none are wanted or the top Via cannot be parsed. */
    private Splices annotation() {
        if (sourceAddress == null) {
            return null;
        }
        Splices s = new Splices();
        try {
            ReceivedParams.annotate(request, sourceAddress, sourcePort, s);
        } catch (MalformedSipException unparseableVia) {
            return null; // answered (with a 400) as received
        }
        return s.isEmpty() ? null : s;
    }

    private void copyTo(SipWriter w) {
        HeaderFields f = request.fields;
        int at = f.next(HeaderName.TO, 0);
        if (at < 0) {
            return;
        }
        if (status > 100 && toTag != null && needsTag()) {
            w.bytes(request.b, f.nameStart(at), f.valueEnd(at) - f.nameStart(at));
            w.ascii(";tag=").ascii(toTag).crlf();
            copyAll(HeaderName.TO, at + 1, w);
        } else {
            copyAll(HeaderName.TO, w);
        }
    }

    private boolean needsTag() {
        try {
            return request.to().tag() == null;
        } catch (MalformedSipException unparseable) {
            return false;
        }
    }

    private void writeLine(Line line, SipWriter w) {
        if (line instanceof HeaderLine h) {
            w.ascii(h.name()).ascii(": ").utf8(h.value()).crlf();
        } else if (line instanceof ContactLine c) {
            writeContact(c.contact(), c.expires(), w);
        } else if (line instanceof BindingLine bl) {
            w.ascii("Contact: ").utf8(bl.address()).ascii(";expires=").decimal(bl.expires()).crlf();
        }
    }

    /** The contact's address and parameters as received, minus its expires parameter, plus the granted one. */
    private static void writeContact(Contact contact, long expires, SipWriter w) {
        NameAddress a = contact.address();
        byte[] b = a.bytes();
        w.ascii("Contact: ");
        int pos = a.valueStart();
        Params p = a.params();
        int expiresParam = p.indexOf("expires");
        if (expiresParam >= 0) {
            int cut = p.nameStart(expiresParam) - 1;
            while (b[cut] != ';') { // back over any whitespace to the parameter's semicolon
                cut--;
            }
            w.bytes(b, pos, cut - pos);
            pos = p.valueStart(expiresParam) >= 0 ? p.valueEnd(expiresParam) : p.nameEnd(expiresParam);
        }
        w.bytes(b, pos, a.valueEnd() - pos);
        w.ascii(";expires=").decimal(expires).crlf();
    }

    private void copyAll(HeaderName name, SipWriter w) {
        copyAll(name, 0, w);
    }

    private void copyAll(HeaderName name, int from, SipWriter w) {
        HeaderFields f = request.fields;
        for (int i = f.next(name, from); i >= 0; i = f.next(name, i + 1)) {
            copyLine(i, w);
        }
    }

    private void copyLine(int i, SipWriter w) {
        HeaderFields f = request.fields;
        w.bytes(request.b, f.nameStart(i), f.lineEnd(i) + 2 - f.nameStart(i));
    }

    private static long checkSeconds(long seconds) {
        if (seconds < 0 || seconds > Numbers.MAX_UNSIGNED_32) {
            throw new IllegalArgumentException("seconds outside 0 to 2^32-1: " + seconds);
        }
        return seconds;
    }

    static String checkText(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException(what + " contains CR, LF or NUL");
            }
        }
        return text;
    }

    static String checkToken(String text, String what) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Chars.is(text.charAt(i), Chars.TOKEN)) {
                throw new IllegalArgumentException(what + " is not a token: " + text);
            }
        }
        return text;
    }
}
