package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3261 {@code quoted-string}: {@code DQUOTE *(qdtext / quoted-pair) DQUOTE}, where a quoted pair is a backslash
 * and any ASCII character but CR and LF (so {@code \"}, {@code \\} and even an escaped NUL, as RFC 4475's
 * "wide range of valid characters" message has), and qdtext is any other character but a control character, UTF-8
 * included.
 */
final class QuotedStrings {
    private QuotedStrings() {}

    /** Given the opening quote at {@code c.pos}, moves past the closing quote. */
    static void skip(Cursor c) throws MalformedSipException {
        c.pos = end(c.b, c.pos, c.end, c.field);
    }

    /** The index after the closing quote of the quoted string that opens at {@code open}. */
    static int end(byte[] b, int open, int end, String field) throws MalformedSipException {
        int i = open + 1;
        while (i < end) {
            byte x = b[i];
            if (x == '"') {
                return i + 1;
            }
            if (x == '\\') {
                if (i + 1 >= end) {
                    break;
                }
                byte escaped = b[i + 1];
                if (escaped == '\r' || escaped == '\n' || escaped < 0) {
                    throw new MalformedSipException(field, "invalid quoted pair in a quoted string");
                }
                i += 2;
                continue;
            }
            // Folding (CR LF WSP) is LWS, which qdtext allows; any other control character is not qdtext.
            if ((x >= 0 && x < 0x20 && x != '\t' && x != '\r' && x != '\n') || x == 0x7F) {
                throw new MalformedSipException(field, "control character in a quoted string");
            }
            i++;
        }
        throw new MalformedSipException(field, "unterminated quoted string");
    }

    /**
     * The content of a well-formed quoted string {@code [open, close)} (quotes included), quoted pairs resolved and
     * folds dropped, as UTF-8.
     */
    static String unquote(byte[] b, int open, int close) {
        byte[] out = new byte[close - open - 2];
        int n = 0;
        for (int i = open + 1; i < close - 1; i++) {
            byte x = b[i];
            if (x == '\\') {
                out[n++] = b[++i];
            } else if (x != '\r' && x != '\n') {
                out[n++] = x;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
