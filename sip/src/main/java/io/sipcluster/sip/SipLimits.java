package io.sipcluster.sip;

/**
 * Every limit the parser enforces, so that no message can make it allocate or loop beyond a bound fixed here.
 *
 * <p>The parser never sizes anything from a number read in a message: counts are limited by these values and, since
 * every element takes at least one byte, by the message's own length.
 *
 * @param maxMessageBytes       whole message, start line to the end of the body (a UDP datagram holds at most 65,535)
 * @param maxHeaderSectionBytes start line and header fields up to the empty line; on a stream this bounds what the
 *                              framer buffers before it knows a message's length. At most 65,535: the field index
 *                              stores 16-bit offsets
 * @param maxHeaderFields       header field lines (a folded line counts once)
 * @param maxHeaderFieldBytes   one header field line, name to CRLF, folding included
 * @param maxValuesPerHeader    values of one header name over all its lines, e.g. Via or Contact values
 * @param maxParameters         parameters of one header value, and of one URI
 */
public record SipLimits(int maxMessageBytes, int maxHeaderSectionBytes, int maxHeaderFields, int maxHeaderFieldBytes,
                        int maxValuesPerHeader, int maxParameters) {
    /**
     * Generous for real traffic: RFC 4475's long-values message (3.5 KB, 34 Vias, a 600-byte To) passes with a wide
     * margin; SIP over UDP should stay under the path MTU anyway (RFC 3261 §18.1.1).
     */
    public static final SipLimits DEFAULTS = new SipLimits(65_535, 16_384, 128, 8_192, 128, 32);

    /** The field index keeps offsets into the header section in 16 bits. */
    static final int MAX_HEADER_SECTION_BYTES = 65_535;

    public SipLimits {
        positive(maxMessageBytes, "maxMessageBytes");
        positive(maxHeaderSectionBytes, "maxHeaderSectionBytes");
        positive(maxHeaderFields, "maxHeaderFields");
        positive(maxHeaderFieldBytes, "maxHeaderFieldBytes");
        positive(maxValuesPerHeader, "maxValuesPerHeader");
        positive(maxParameters, "maxParameters");
        if (maxHeaderSectionBytes > MAX_HEADER_SECTION_BYTES) {
            throw new IllegalArgumentException("maxHeaderSectionBytes (" + maxHeaderSectionBytes
                    + ") must not exceed " + MAX_HEADER_SECTION_BYTES);
        }
        if (maxHeaderSectionBytes > maxMessageBytes) {
            throw new IllegalArgumentException("maxHeaderSectionBytes (" + maxHeaderSectionBytes
                    + ") must not exceed maxMessageBytes (" + maxMessageBytes + ")");
        }
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
