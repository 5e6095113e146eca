package io.sipcluster.sip;

/**
 * The most heap that parsing a datagram and then every header of it ({@link MessageWalk#parseAll}) may allocate:
 * in proportion to the message, so that a peer cannot make a node allocate more than a constant multiple of what
 * it sent, whatever counts or lengths it writes.
 *
 * <p>The densest inputs set the factor (measured on JDK 17 HotSpot in {@code ParseAllocationTest}): a Contact
 * line of one-letter addr-spec URIs ({@code ,sip:a}) turns every 6 bytes into a Contact, its address, its URI and
 * a list slot, 40 bytes allocated per input byte; option tags ({@code ,a}) come next with 36, one-letter Routes
 * 25. Real messages stay under 8 (the RFC 4475 ones, a REGISTER). 64 leaves room for other layouts (e.g. no
 * compressed oops) without hiding a real regression: anything sized by a number read from the message instead of
 * by the bytes present overshoots it many times over. The fixed part covers what every
 * message allocates whatever its length (the message, its field index, the exceptions of refused headers).
 *
 * <p>Asking for text ({@code host()}, {@code tag()}, ...) allocates the Strings asked for, at most a few times the
 * bytes they come from; that is the application's choice and is measured by the fuzz test with
 * {@link #READ_ALL_BYTES_PER_INPUT_BYTE}.
 */
final class ParseAllocation {
    static final long BYTES_PER_INPUT_BYTE = 64;
    static final long FIXED_BYTES = 16 * 1024;
    /** For parsing plus {@link MessageWalk#readAll}, which also asks for every String and URI key (measured: 72). */
    static final long READ_ALL_BYTES_PER_INPUT_BYTE = 160;

    private ParseAllocation() {}

    static long limitFor(int inputLength) {
        return BYTES_PER_INPUT_BYTE * inputLength + FIXED_BYTES;
    }

    static long readAllLimitFor(int inputLength) {
        return READ_ALL_BYTES_PER_INPUT_BYTE * inputLength + FIXED_BYTES;
    }

    /** Heap allocated by the current thread to parse {@code input} and all its headers, accepted or refused. */
    static long measure(SipParser parser, byte[] input) {
        return measure(parser, input, false);
    }

    /** Like {@link #measure}, also asking for every String ({@link MessageWalk#readAll}). */
    static long measureReadAll(SipParser parser, byte[] input) {
        return measure(parser, input, true);
    }

    private static long measure(SipParser parser, byte[] input, boolean readAll) {
        long before = AllocationMeter.allocatedBytes();
        try {
            SipMessage m = parser.parseDatagram(input);
            if (readAll) {
                MessageWalk.readAll(m);
            } else {
                MessageWalk.parseAll(m);
            }
        } catch (MalformedSipException refused) {
            // refusing costs allocation too, and is measured the same way
        }
        return AllocationMeter.allocatedBytes() - before;
    }
}
