package io.sipcluster.sip;

/** Decimal numbers of the SIP grammar, read from bytes with a bound instead of an overflow. */
final class Numbers {
    /** RFC 3261 delta-seconds and CSeq numbers: 32-bit unsigned. */
    static final long MAX_UNSIGNED_32 = 0xFFFF_FFFFL;

    private Numbers() {}

    /**
     * The value of {@code 1*DIGIT} spanning exactly {@code [from, to)}; leading zeros are allowed ({@code 0068} is
     * 68, as in RFC 4475's tortuous INVITE). Stops reading as soon as the value passes {@code max}, so a
     * hundred-digit number costs no more than an eleven-digit one.
     */
    static long parse(byte[] b, int from, int to, long max, String field) throws MalformedSipException {
        if (from >= to) {
            throw new MalformedSipException(field, "empty where a number is expected");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new MalformedSipException(field, "not a decimal number");
            }
            value = value * 10 + d;
            if (value > max) {
                throw new MalformedSipException(field, "over the maximum of " + max);
            }
        }
        return value;
    }

    /** Digits from {@code from} onwards: the index of the first byte that is not a digit. */
    static int skipDigits(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }
}
