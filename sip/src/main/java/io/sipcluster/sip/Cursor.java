package io.sipcluster.sip;

/**
 * A position inside one header value, moved forward by the grammar readers.
 *
 * <p>The window {@code [pos, end)} never extends past the value, and every CR or LF inside it belongs to a fold
 * (CRLF followed by whitespace): the header scan guaranteed both. So LWS and SWS of the grammar are simply runs of
 * SP, HT, CR and LF here. Failures name {@link #field}.
 */
final class Cursor {
    final byte[] b;
    int end;
    String field;
    int pos;

    Cursor(byte[] b, int pos, int end, String field) {
        this.b = b;
        this.pos = pos;
        this.end = end;
        this.field = field;
    }

    /** Points the cursor at another value of the same message. */
    Cursor reset(int pos, int end, String field) {
        this.pos = pos;
        this.end = end;
        this.field = field;
        return this;
    }

    boolean more() {
        return pos < end;
    }

    /** The next byte as 0-255, or -1 at the end. */
    int peek() {
        return pos < end ? b[pos] & 0xFF : -1;
    }

    /** Skips linear whitespace; true if there was any. */
    boolean skipLws() {
        int start = pos;
        while (pos < end && Chars.isLws(b[pos])) {
            pos++;
        }
        return pos > start;
    }

    /** Skips whitespace, then the character {@code c} if it is next; the position is unchanged when it is not. */
    boolean skipLwsAnd(char c) {
        int save = pos;
        skipLws();
        if (pos < end && b[pos] == c) {
            pos++;
            return true;
        }
        pos = save;
        return false;
    }

    /** Skips whitespace around {@code c} (SWS c SWS, as in the grammar's SLASH, SEMI, EQUAL); fails if c is not there. */
    void expectAround(char c, String what) throws MalformedSipException {
        skipLws();
        if (pos >= end || b[pos] != c) {
            throw fail("expected " + what);
        }
        pos++;
        skipLws();
    }

    /** Moves over bytes of a character class and returns where the run started. */
    int scan(int charClass) {
        int start = pos;
        while (pos < end && Chars.is(b[pos], charClass)) {
            pos++;
        }
        return start;
    }

    /** A non-empty run of token characters; returns its start (its end is {@link #pos}). */
    int token(String what) throws MalformedSipException {
        int start = scan(Chars.TOKEN);
        if (pos == start) {
            throw fail(more() ? "unexpected character where " + what + " is expected" : "missing " + what);
        }
        return start;
    }

    MalformedSipException fail(String problem) {
        return new MalformedSipException(field, problem);
    }
}
