package io.sipcluster.sip;

import java.util.Objects;

/**
 * Parses SIP messages from bytes: the start line, the location of every header field, and the body's extent.
 * Header values are parsed later, when the application asks for them ({@link SipMessage}).
 *
 * <p>Two entry points, because the transports frame messages differently (RFC 3261 §18.3):
 * <ul>
 *   <li>{@link #parseDatagram}: one UDP datagram. Content-Length may be absent (the body is the rest of the
 *       datagram) and bytes after the body are ignored; both are recorded as a {@link Tolerance}. A Content-Length
 *       larger than what the datagram holds is refused (RFC 4475 §3.1.2.2).</li>
 *   <li>{@link #parseStreamMessage}: one message that {@link SipStreamFramer} cut from a TCP or TLS stream, which
 *       must have a Content-Length matching its length.</li>
 * </ul>
 * Both skip CRLFs before the start line (§7.5) and refuse anything over the {@link SipLimits}. The parser is
 * stateless and may be shared between threads; the messages it returns may not.
 */
public final class SipParser {
    private final SipLimits limits;
    private final HeaderScanner scanner;

    public SipParser(SipLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.scanner = new HeaderScanner(limits);
    }

    public SipParser() {
        this(SipLimits.DEFAULTS);
    }

    public SipLimits limits() {
        return limits;
    }

    public SipMessage parseDatagram(byte[] datagram) throws MalformedSipException {
        return parseDatagram(datagram, 0, datagram.length);
    }

    /** Parses the datagram {@code [offset, offset + length)}; the message refers to the array, which must not change. */
    public SipMessage parseDatagram(byte[] b, int offset, int length) throws MalformedSipException {
        MessageLayout layout = head(b, offset, length);
        long contentLength = scanner.contentLength(b, layout);
        int end = offset + length;
        int available = end - layout.bodyStart;
        if (contentLength < 0) {
            layout.tolerate(Tolerance.CONTENT_LENGTH_ABSENT);
            layout.bodyEnd = end;
        } else if (contentLength > available) {
            throw new MalformedSipException("Content-Length", "larger than the " + available
                    + " bytes after the header section");
        } else {
            layout.bodyEnd = layout.bodyStart + (int) contentLength;
            if (contentLength < available) {
                layout.tolerate(Tolerance.BYTES_AFTER_BODY);
            }
        }
        return StartLineReader.build(layout);
    }

    /** Parses one whole message of a stream, {@code [offset, offset + length)}, as {@link SipStreamFramer} emits it. */
    public SipMessage parseStreamMessage(byte[] b, int offset, int length) throws MalformedSipException {
        MessageLayout layout = head(b, offset, length);
        long contentLength = scanner.contentLength(b, layout);
        int available = offset + length - layout.bodyStart;
        if (contentLength < 0) {
            throw new MalformedSipException("Content-Length", "missing; a stream transport requires it");
        }
        if (contentLength != available) {
            throw new MalformedSipException("Content-Length", "says " + contentLength + " bytes but the body has "
                    + available);
        }
        layout.bodyEnd = layout.bodyStart + available;
        return StartLineReader.build(layout);
    }

    /**
     * For the framer: the Content-Length of a complete header section {@code [start, headerEnd + 2)} (it ends with
     * the empty line's CRLF at {@code headerEnd}), after checking its lines; -1 if there is none.
     */
    long contentLengthOfHead(byte[] b, int start, int headerEnd, HeaderFields scratch) throws MalformedSipException {
        scratch.clear(b, start);
        int startLineEnd = startLineEnd(b, start, headerEnd + 2);
        scanner.scan(b, startLineEnd + 2, headerEnd + 2, headerEnd + 2, scratch);
        return scanner.contentLength(b, scratch);
    }

    /** Start line and header section: everything but the body's end. */
    private MessageLayout head(byte[] b, int offset, int length) throws MalformedSipException {
        Objects.checkFromIndexSize(offset, length, b.length);
        if (length > limits.maxMessageBytes()) {
            throw new MalformedSipException("message", "longer than " + limits.maxMessageBytes() + " bytes");
        }
        int end = offset + length;
        int start = offset;
        while (start < end && (b[start] == '\r' || b[start] == '\n')) {
            start++;
        }
        if (start == end) {
            throw new MalformedSipException("start line", "missing");
        }
        MessageLayout layout = new MessageLayout(b, start, limits);
        int sectionEnd = (int) Math.min(end, (long) start + limits.maxHeaderSectionBytes());
        layout.startLineEnd = startLineEnd(b, start, sectionEnd);
        layout.headerEnd = scanner.scan(b, layout.startLineEnd + 2, sectionEnd, end, layout);
        layout.bodyStart = layout.headerEnd + 2;
        return layout;
    }

    /** The CR of the start line's CRLF. */
    private int startLineEnd(byte[] b, int start, int sectionEnd) throws MalformedSipException {
        for (int i = start; i < sectionEnd; i++) {
            if (b[i] == '\r') {
                if (i + 1 >= sectionEnd || b[i + 1] != '\n') {
                    break;
                }
                return i;
            }
            if (b[i] == '\n') {
                throw new MalformedSipException("start line", "LF not preceded by CR");
            }
        }
        throw new MalformedSipException("start line", "not terminated by CRLF");
    }
}
