package io.sipcluster.sip;

import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts a TCP or TLS byte stream into SIP messages (RFC 3261 §18.3): a message is its header section, up to the
 * empty line, then exactly Content-Length bytes of body. Several messages per read and messages split across
 * reads come out the same.
 *
 * <p>Between messages, CRLFs are skipped (§7.5); a double CRLF is an RFC 5626 keepalive ping, reported to
 * {@link Sink#keepalive} so that the transport can answer with a single CRLF.
 *
 * <p>Bounded: the framer holds at most one incomplete message, and before it knows a message's length at most
 * {@link SipLimits#maxHeaderSectionBytes()}; its buffer grows with what it holds, not to the maximum, since a
 * server may have many idle connections. A header section that does not end in time, a missing, repeated or
 * malformed Content-Length, or a start line or header line that cannot be parsed, leaves the stream without a
 * trustworthy boundary: {@link #feed} throws and the connection must be closed (RFC 4475 §3.1.2.3). The framer
 * refuses to be fed afterwards.
 */
public final class SipStreamFramer {
    /** Where a framed message goes. */
    public interface Sink {
        /** A complete message, parsed over a fresh array of its own that the sink may keep. */
        void message(SipMessage message);

        /** A CRLF CRLF between messages: the peer asks for a CRLF back (RFC 5626 §4.4.1). */
        default void keepalive() {}
    }

    private static final int INITIAL_BUFFER = 2048;
    private static final byte[] NO_BYTES = new byte[0];

    private final SipParser parser;
    private final SipLimits limits;
    private final HeaderFields scratch = new HeaderFields(NO_BYTES);
    private byte[] pending = NO_BYTES;
    private int pendingLength;
    /** How far {@link #pending} was searched for the end of the header section. */
    private int searchedUpTo;
    /** The whole length of the message in {@link #pending}, once its header section is complete; -1 before. */
    private int messageLength = -1;
    /** CRLFs seen since the last message, for keepalive detection. */
    private int crlfRun;
    private boolean broken;

    public SipStreamFramer(SipParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.limits = parser.limits();
    }

    /**
     * Consumes {@code [offset, offset + length)} of {@code data} and hands every message completed by it to the
     * sink, in order. The framer copies what it keeps; the caller may reuse {@code data}.
     */
    public void feed(byte[] data, int offset, int length, Sink sink) throws MalformedSipException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (broken) {
            throw new IllegalStateException("framer was fed after a framing error; the connection must be closed");
        }
        try {
            int pos = offset;
            int end = offset + length;
            while (pos < end) {
                if (pendingLength == 0) {
                    pos = skipCrlf(data, pos, end, sink);
                    if (pos == end) {
                        break;
                    }
                    pos = frameDirect(data, pos, end, sink);
                } else {
                    pos = fillPending(data, pos, end, sink);
                }
            }
        } catch (MalformedSipException e) {
            broken = true;
            release();
            throw e;
        }
    }

    /** Bytes of an incomplete message held back; a connection closing with some left lost a partial message. */
    public int bufferedBytes() {
        return pendingLength;
    }

    /**
     * With nothing pending: emits every complete message straight from the caller's array, and keeps the start of
     * an incomplete one. Returns where it stopped.
     */
    private int frameDirect(byte[] data, int pos, int end, Sink sink) throws MalformedSipException {
        int searchEnd = (int) Math.min(end, (long) pos + limits.maxHeaderSectionBytes());
        int headerEnd = emptyLine(data, pos, searchEnd);
        if (headerEnd < 0) {
            if (searchEnd < end) {
                throw headerTooLong();
            }
            keep(data, pos, end);
            searchedUpTo = pendingLength;
            return end;
        }
        int total = messageLength(data, pos, headerEnd);
        if (end - pos < total) {
            keep(data, pos, end);
            messageLength = total;
            return end;
        }
        emit(data, pos, total, sink);
        return pos + total;
    }

    /** Adds to an incomplete message; returns how far into {@code data} it read. */
    private int fillPending(byte[] data, int pos, int end, Sink sink) throws MalformedSipException {
        if (messageLength < 0) {
            int room = limits.maxHeaderSectionBytes() - pendingLength;
            int take = Math.min(end - pos, room);
            keep(data, pos, pos + take);
            int from = Math.max(0, searchedUpTo - 3);
            int headerEnd = emptyLine(pending, from, pendingLength);
            if (headerEnd < 0) {
                searchedUpTo = pendingLength;
                if (pendingLength >= limits.maxHeaderSectionBytes()) {
                    throw headerTooLong();
                }
                return pos + take;
            }
            messageLength = messageLength(pending, 0, headerEnd);
            if (pendingLength >= messageLength) {
                // The header section and the whole body came in this read: give back what belongs to the next message.
                int excess = pendingLength - messageLength;
                completePending(sink);
                return pos + take - excess;
            }
            return pos + take;
        }
        int take = Math.min(end - pos, messageLength - pendingLength);
        keep(data, pos, pos + take);
        if (pendingLength == messageLength) {
            completePending(sink);
        }
        return pos + take;
    }

    private void completePending(Sink sink) throws MalformedSipException {
        int length = messageLength;
        pendingLength = 0;
        messageLength = -1;
        searchedUpTo = 0;
        emit(pending, 0, length, sink);
        if (pending.length > INITIAL_BUFFER) {
            release();
        }
    }

    /** Header section of {@code [start, headerEnd + 2)} read; returns the message's whole length. */
    private int messageLength(byte[] b, int start, int headerEnd) throws MalformedSipException {
        long contentLength = parser.contentLengthOfHead(b, start, headerEnd, scratch);
        if (contentLength < 0) {
            throw new MalformedSipException("Content-Length", "missing; a stream transport requires it");
        }
        long total = headerEnd + 2 - start + contentLength;
        if (total > limits.maxMessageBytes()) {
            throw new MalformedSipException("message", "longer than " + limits.maxMessageBytes() + " bytes");
        }
        return (int) total;
    }

    private void emit(byte[] b, int start, int length, Sink sink) throws MalformedSipException {
        byte[] copy = Arrays.copyOfRange(b, start, start + length);
        SipMessage message = parser.parseStreamMessage(copy, 0, length);
        crlfRun = 0;
        sink.message(message);
    }

    /** Skips CR and LF between messages, reporting each CRLF CRLF as a keepalive. */
    private int skipCrlf(byte[] data, int pos, int end, Sink sink) {
        while (pos < end && (data[pos] == '\r' || data[pos] == '\n')) {
            if (data[pos] == '\n') {
                crlfRun++;
                if (crlfRun == 2) {
                    crlfRun = 0;
                    sink.keepalive();
                }
            }
            pos++;
        }
        return pos;
    }

    /** The CR of the first CRLF CRLF in {@code [from, to)}, or -1. */
    private static int emptyLine(byte[] b, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    private void keep(byte[] data, int from, int to) {
        int n = to - from;
        if (pendingLength + n > pending.length) {
            int size = Math.max(INITIAL_BUFFER, pending.length);
            while (size < pendingLength + n) {
                size *= 2;
            }
            pending = Arrays.copyOf(pending, Math.min(size, limits.maxMessageBytes()));
        }
        System.arraycopy(data, from, pending, pendingLength, n);
        pendingLength += n;
    }

    private void release() {
        pending = NO_BYTES;
        pendingLength = 0;
    }

    private MalformedSipException headerTooLong() {
        return new MalformedSipException("header section", "longer than " + limits.maxHeaderSectionBytes()
                + " bytes");
    }
}
