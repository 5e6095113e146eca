package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;

/** Header text as an application reads it: folds removed, UTF-8 decoded. */
final class Text {
    private Text() {}

    /**
     * The bytes {@code [from, to)} as UTF-8, each fold (whitespace, CRLF, whitespace) replaced by a single space, as
     * RFC 3261 §7.3.1 allows before a value is interpreted.
     */
    static String unfold(byte[] b, int from, int to) {
        int cr = indexOfCr(b, from, to);
        if (cr < 0) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[to - from];
        int n = 0;
        int i = from;
        while (i < to) {
            byte x = b[i];
            if (x == '\r') {
                while (n > 0 && Chars.isWhitespace(out[n - 1])) {
                    n--;
                }
                i += 2; // CR LF
                while (i < to && Chars.isWhitespace(b[i])) {
                    i++;
                }
                out[n++] = ' ';
            } else {
                out[n++] = x;
                i++;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static int indexOfCr(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\r') {
                return i;
            }
        }
        return -1;
    }
}
