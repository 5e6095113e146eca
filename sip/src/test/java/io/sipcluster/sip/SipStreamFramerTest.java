package io.sipcluster.sip;

import static io.sipcluster.sip.Messages.lines;
import static io.sipcluster.sip.Messages.rfc4475;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TCP delivers a stream cut anywhere; the framer hands on the same messages however it is cut. */
class SipStreamFramerTest {
    /** The valid RFC 4475 messages that carry a Content-Length (dblreq is two messages on a stream). */
    private static final List<String> FRAMEABLE = List.of("wsinv", "intmeth", "esc01", "escnull", "esc02",
            "lwsdisp", "longreq", "semiuri", "transports", "mpart01", "unreason", "noreason");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, -7})
    void messagesComeOutWholeAndInOrderWhateverTheReadSizes(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int keepalives = 0;
        for (int i = 0; i < 200; i++) {
            byte[] m = rfc4475(FRAMEABLE.get(random.nextInt(FRAMEABLE.size())));
            sent.add(m);
            stream.writeBytes(m);
            if (random.nextInt(5) == 0) {
                stream.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                keepalives++;
            }
        }
        byte[] bytes = stream.toByteArray();
        int[] reads = new int[64];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = 1 + random.nextInt(i % 4 == 0 ? 3000 : 40);
        }

        StreamRun run = StreamRun.of(Messages.PARSER, bytes, reads);

        assertThat(run.errorField()).isNull();
        assertThat(run.messages()).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(run.messages().get(i)).as("message %d", i).isEqualTo(sent.get(i));
        }
        assertThat(run.keepalives()).isEqualTo(keepalives);
        assertThat(run.bufferedBytes()).isZero();
        run.checkAgainst(bytes);
    }

    @Test
    void everyTwoReadSplitGivesTheSameMessages() {
        byte[] stream = concat(rfc4475("noreason"), rfc4475("wsinv"), rfc4475("esc02"));
        StreamRun whole = StreamRun.of(Messages.PARSER, stream, new int[0]);
        assertThat(whole.messages()).hasSize(3);
        for (int cut = 1; cut < stream.length; cut++) {
            StreamRun split = StreamRun.of(Messages.PARSER, stream, new int[] {cut, stream.length});
            assertThat(split.sameOutcomeAs(whole)).as("cut at %d: %s", cut, split).isTrue();
        }
    }

    @Test
    void extraOctetsAfterABodyAreTheNextMessageOnAStream() {
        // RFC 4475 §3.1.1.8 on UDP ignores what follows the REGISTER; on a stream it is the next request. That
        // INVITE's body is 5 bytes longer than its Content-Length of 150, and those 5 bytes cannot start a
        // message with a Content-Length, so the stream ends there.
        StreamRun run = StreamRun.of(Messages.PARSER, rfc4475("dblreq"), new int[0]);
        assertThat(run.messages()).extracting(m -> Messages.text(m).substring(0, 8))
                .containsExactly("REGISTER", "INVITE s");
        assertThat(run.messages().get(1)).hasSize(443);
        assertThat(run.errorField()).isEqualTo("Content-Length");
    }

    @Test
    void aSingleCrlfIsNotAKeepaliveButTwoAre() {
        byte[] m = rfc4475("noreason");
        assertThat(StreamRun.of(Messages.PARSER, concat(crlf(1), m, crlf(1), m), new int[0]).keepalives()).isZero();
        assertThat(StreamRun.of(Messages.PARSER, concat(crlf(2), m, crlf(4), m, crlf(2)), new int[] {1})
                .keepalives()).isEqualTo(4);
    }

    @Test
    void aPartialMessageIsBufferedUntilTheRestArrives() throws MalformedSipException {
        byte[] m = rfc4475("wsinv");
        SipStreamFramer framer = new SipStreamFramer(Messages.PARSER);
        List<SipMessage> out = new ArrayList<>();
        framer.feed(m, 0, m.length - 1, out::add);
        assertThat(out).isEmpty();
        assertThat(framer.bufferedBytes()).isEqualTo(m.length - 1);
        framer.feed(m, m.length - 1, 1, out::add);
        assertThat(out).hasSize(1);
        assertThat(framer.bufferedBytes()).isZero();
        assertThat(out.get(0).array()).as("a fresh array the sink may keep").isNotSameAs(m).isEqualTo(m);
    }

    @Test
    void missingContentLengthClosesTheStream() {
        byte[] m = lines("OPTIONS sip:a@b SIP/2.0", "Call-ID: x", "");
        StreamRun run = StreamRun.of(Messages.PARSER, m, new int[] {5});
        assertThat(run.errorField()).isEqualTo("Content-Length");
    }

    @Test
    void aHeaderSectionThatNeverEndsIsRefusedOnceItPassesTheLimit() {
        SipParser small = new SipParser(new SipLimits(4096, 1024, 128, 1024, 128, 32));
        byte[] start = lines("OPTIONS sip:a@b SIP/2.0");
        byte[] filler = "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(start);
        while (s.size() < 1024) {
            s.writeBytes(filler);
        }
        byte[] stream = s.toByteArray();
        for (int[] reads : new int[][] {{}, {1}, {100}, {1023, 1}}) {
            StreamRun run = StreamRun.of(small, stream, reads);
            assertThat(run.errorField()).isEqualTo("header section");
        }
        // One byte less than the limit, and not yet ended: still waiting.
        assertThat(StreamRun.of(small, java.util.Arrays.copyOf(stream, 1023), new int[0]).bufferedBytes())
                .isEqualTo(1023);
    }

    @Test
    void aContentLengthBeyondTheMaximumMessageIsRefusedBeforeTheBodyArrives() {
        byte[] head = lines("MESSAGE sip:a@b SIP/2.0", "Content-Length: 65500", "");
        assertThat(StreamRun.of(Messages.PARSER, head, new int[0]).errorField()).isEqualTo("message");
    }

    @Test
    void aBrokenStartLineClosesTheStream() {
        byte[] m = lines("OPTIONS <sip:a@b> SIP/2.0", "Content-Length: 0", "");
        assertThat(StreamRun.of(Messages.PARSER, m, new int[0]).errorField()).isEqualTo("Request-URI");
    }

    @Test
    void theFramerRefusesToBeFedAfterAnError() {
        SipStreamFramer framer = new SipStreamFramer(Messages.PARSER);
        byte[] bad = rfc4475("ncl");
        assertThatThrownBy(() -> framer.feed(bad, 0, bad.length, m -> {})).isInstanceOf(MalformedSipException.class);
        assertThatThrownBy(() -> framer.feed(bad, 0, 1, m -> {})).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] crlf(int n) {
        return "\r\n".repeat(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
