package io.sipcluster.sip;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** One stream fed through a fresh {@link SipStreamFramer} in given read sizes: what came out and how it ended. */
final class StreamRun implements SipStreamFramer.Sink {
    private final List<byte[]> messages = new ArrayList<>();
    private int keepalives;
    /** The field the framer blamed, or null if the whole stream was consumed. */
    private String errorField;
    private int buffered;

    private StreamRun() {}

    /**
     * Feeds {@code stream} in reads of {@code splits[0]}, {@code splits[1]}, ... bytes, starting over at the first
     * size when they run out; with no sizes, in one read. Fails if anything but a {@link MalformedSipException}
     * escapes, or if the framer accepts bytes after one.
     */
    static StreamRun of(SipParser parser, byte[] stream, int[] splits) {
        StreamRun run = new StreamRun();
        SipStreamFramer framer = new SipStreamFramer(parser);
        int pos = 0;
        int read = 0;
        while (pos < stream.length) {
            int len = splits.length == 0 ? stream.length - pos : Math.min(splits[read++ % splits.length],
                    stream.length - pos);
            try {
                framer.feed(stream, pos, len, run);
            } catch (MalformedSipException e) {
                run.errorField = e.field();
                expectRefusalAfterError(framer);
                return run;
            }
            pos += len;
        }
        run.buffered = framer.bufferedBytes();
        return run;
    }

    @Override
    public void message(SipMessage m) {
        messages.add(Arrays.copyOfRange(m.array(), m.offset(), m.offset() + m.length()));
    }

    @Override
    public void keepalive() {
        keepalives++;
    }

    List<byte[]> messages() {
        return messages;
    }

    int keepalives() {
        return keepalives;
    }

    String errorField() {
        return errorField;
    }

    int bufferedBytes() {
        return buffered;
    }

    /**
     * The framer only cuts the stream: the messages, in order, are the stream's bytes with only CR and LF bytes
     * between them, and with no error nothing is lost but what is buffered.
     */
    void checkAgainst(byte[] stream) {
        int at = 0;
        for (byte[] m : messages) {
            while (at < stream.length && (stream[at] == '\r' || stream[at] == '\n')) {
                at++;
            }
            if (!Arrays.equals(stream, at, Math.min(at + m.length, stream.length), m, 0, m.length)) {
                throw new AssertionError("message at stream offset " + at + " is not the stream's bytes");
            }
            at += m.length;
        }
        if (errorField == null) {
            int rest = stream.length - at;
            int crlf = 0;
            while (crlf < rest && (stream[at + crlf] == '\r' || stream[at + crlf] == '\n')) {
                crlf++;
            }
            if (buffered != rest - crlf && !(buffered == 0 && crlf == rest)) {
                throw new AssertionError("lost bytes: " + rest + " after the last message, " + buffered
                        + " buffered");
            }
        }
    }

    boolean sameOutcomeAs(StreamRun other) {
        if (messages.size() != other.messages.size()) {
            return false;
        }
        for (int i = 0; i < messages.size(); i++) {
            if (!Arrays.equals(messages.get(i), other.messages.get(i))) {
                return false;
            }
        }
        return keepalives == other.keepalives && Objects.equals(errorField, other.errorField)
                && buffered == other.buffered;
    }

    byte[] concatenated() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        messages.forEach(out::writeBytes);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        String end = errorField == null ? buffered + " bytes buffered" : "error in " + errorField;
        return messages.size() + " messages, " + keepalives + " keepalives, " + end;
    }

    private static void expectRefusalAfterError(SipStreamFramer framer) {
        try {
            framer.feed(new byte[] {'O'}, 0, 1, m -> {});
        } catch (IllegalStateException expected) {
            return;
        } catch (MalformedSipException e) {
            throw new AssertionError("framer parsed again after a framing error", e);
        }
        throw new AssertionError("framer accepted bytes after a framing error");
    }
}
