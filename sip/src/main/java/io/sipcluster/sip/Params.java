package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parameters of a header value ({@code ;tag=a;lr;+sip.instance="<urn:...>"}) or of a URI, as offsets into the
 * message: names compare case-insensitively (RFC 3261 §7.3.1), values are kept exactly as received, quotes
 * included, so that a value such as {@code +sip.instance} can be stored and echoed byte for byte. A name may appear
 * only once: with two {@code transport} or two {@code tag} parameters, readers would disagree on which counts.
 */
public final class Params {
    static final Params NONE = new Params(new byte[0], new int[0], 0, false);

    private static final int STRIDE = 4;
    private final byte[] b;
    /** Per parameter: name start, name end, value start (-1 without a value), value end. Filled by {@link #add}. */
    private int[] slots;
    private int count;
    /** URI parameters compare names with %-escapes resolved ({@code ;%6C%72} is {@code ;lr}); header ones do not. */
    private final boolean uriEscapes;

    private Params(byte[] b, int[] slots, int count, boolean uriEscapes) {
        this.b = b;
        this.slots = slots;
        this.count = count;
        this.uriEscapes = uriEscapes;
    }

    public int size() {
        return count;
    }

    public String name(int i) {
        check(i);
        return ascii(slots[i * STRIDE], slots[i * STRIDE + 1]);
    }

    /** The value as received (quotes kept), or null for a parameter without a value such as {@code ;lr}. */
    public String value(int i) {
        check(i);
        int vs = slots[i * STRIDE + 2];
        return vs < 0 ? null : new String(b, vs, slots[i * STRIDE + 3] - vs, StandardCharsets.UTF_8);
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The value of the first parameter with this name as received, or null if it is absent or has no value. */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : value(i);
    }

    /** Like {@link #get}, but a quoted value comes without its quotes and with its quoted pairs resolved. */
    public String getUnquoted(String name) {
        int i = indexOf(name);
        if (i < 0 || slots[i * STRIDE + 2] < 0) {
            return null;
        }
        int vs = slots[i * STRIDE + 2];
        int ve = slots[i * STRIDE + 3];
        return b[vs] == '"' ? QuotedStrings.unquote(b, vs, ve) : new String(b, vs, ve - vs, StandardCharsets.UTF_8);
    }

    /** Index of the first parameter named {@code name} (any case), or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < count; i++) {
            if (nameEquals(i, name)) {
                return i;
            }
        }
        return -1;
    }

    boolean nameEquals(int i, String name) {
        int ns = slots[i * STRIDE];
        if (uriEscapes) {
            return UriEscapes.equivalentToPlain(b, ns, slots[i * STRIDE + 1], name);
        }
        int len = slots[i * STRIDE + 1] - ns;
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

    int nameStart(int i) {
        return slots[i * STRIDE];
    }

    int nameEnd(int i) {
        return slots[i * STRIDE + 1];
    }

    /** -1 for a parameter without a value. */
    int valueStart(int i) {
        return slots[i * STRIDE + 2];
    }

    int valueEnd(int i) {
        return slots[i * STRIDE + 3];
    }

    byte[] bytes() {
        return b;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(';').append(name(i));
            String v = value(i);
            if (v != null) {
                s.append('=').append(v);
            }
        }
        return s.toString();
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Header parameters, {@code *(SEMI generic-param)} with {@code generic-param = token [EQUAL gen-value]} and
     * whitespace allowed around {@code ;} and {@code =}. Stops before a {@code ,} (the next value of a list) or at
     * the end; anything else, and an empty parameter ({@code ;;}), is refused.
     */
    static Params readHeaderParams(Cursor c, int maxParameters) throws MalformedSipException {
        Params params = null;
        while (true) {
            int save = c.pos;
            c.skipLws();
            int next = c.peek();
            if (next != ';') {
                if (next != -1 && next != ',') {
                    throw c.fail("unexpected character after a value");
                }
                c.pos = save;
                break;
            }
            c.pos++;
            c.skipLws();
            int nameStart = c.token("parameter name");
            int nameEnd = c.pos;
            int valueStart = -1;
            int valueEnd = -1;
            if (c.skipLwsAnd('=')) {
                c.skipLws();
                valueStart = c.pos;
                if (c.peek() == '"') {
                    QuotedStrings.skip(c);
                } else if (c.scan(Chars.GEN_VALUE) == c.pos) {
                    throw c.fail("parameter has '=' but no value");
                }
                valueEnd = c.pos;
            }
            if (params == null) {
                params = new Params(c.b, new int[2 * STRIDE], 0, false);
            }
            params.add(nameStart, nameEnd, valueStart, valueEnd, maxParameters, c.field);
        }
        return params == null ? NONE : params;
    }

    /**
     * URI parameters, {@code *(";" pname ["=" pvalue])} over a region that {@link SipUriReader} has already checked
     * character by character, so only the structure is read here (and repeated names refused).
     */
    static Params readUriParams(byte[] b, int from, int to, int maxParameters, String field)
            throws MalformedSipException {
        if (from >= to) {
            return NONE;
        }
        Params params = new Params(b, new int[2 * STRIDE], 0, true);
        int i = from;
        while (i < to) {
            // b[i] is ';'
            int nameStart = ++i;
            while (i < to && b[i] != ';' && b[i] != '=') {
                i++;
            }
            int nameEnd = i;
            int valueStart = -1;
            int valueEnd = -1;
            if (i < to && b[i] == '=') {
                valueStart = ++i;
                while (i < to && b[i] != ';') {
                    i++;
                }
                valueEnd = i;
            }
            params.add(nameStart, nameEnd, valueStart, valueEnd, maxParameters, field);
        }
        return params;
    }

    /** Appends a parameter while the value is being read; a Params is not changed once handed out. */
    private void add(int nameStart, int nameEnd, int valueStart, int valueEnd, int max, String field)
            throws MalformedSipException {
        if (count == max) {
            throw new MalformedSipException(field, "more than " + max + " parameters");
        }
        for (int i = 0; i < count; i++) {
            if (sameName(slots[i * STRIDE], slots[i * STRIDE + 1], nameStart, nameEnd)) {
                // Which transport, which tag, which branch? Different readers would pick different ones.
                throw new MalformedSipException(field, "a parameter name appears more than once");
            }
        }
        if ((count + 1) * STRIDE > slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        int at = count * STRIDE;
        slots[at] = nameStart;
        slots[at + 1] = nameEnd;
        slots[at + 2] = valueStart;
        slots[at + 3] = valueEnd;
        count++;
    }

    private boolean sameName(int aStart, int aEnd, int bStart, int bEnd) {
        if (uriEscapes) {
            return UriEscapes.equivalent(b, aStart, aEnd, b, bStart, bEnd, true);
        }
        if (aEnd - aStart != bEnd - bStart) {
            return false;
        }
        for (int k = 0; k < aEnd - aStart; k++) {
            if (Chars.toLower(b[aStart + k] & 0xFF) != Chars.toLower(b[bStart + k] & 0xFF)) {
                return false;
            }
        }
        return true;
    }
}
