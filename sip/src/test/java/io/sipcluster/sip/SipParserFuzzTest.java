package io.sipcluster.sip;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Everything that reads SIP bytes from a peer, fed bytes a peer could send. A target fails on any exception but
 * {@link MalformedSipException} (from parsing, from any header accessor, from the builders), on a message built
 * from an accepted one that does not parse back with the same fields, and on allocation out of proportion to the
 * input.
 *
 * <p>In {@code mvn test} each target only runs its inputs under
 * {@code src/test/resources/io/sipcluster/sip/SipParserFuzzTestInputs/<method>/} (for the parser, every RFC 4475
 * message). {@code mvn verify} fuzzes one target for {@code fuzz.seconds}; see {@code docs/fuzzing.md}.
 */
// fuzz.seconds=0 means "do not fuzz", but libFuzzer reads a time limit of 0 as "no limit". The build skips the
// fuzzing run for -Dfuzz.seconds=0; this catches a 0 that reaches the run anyway (e.g. set in a POM).
@DisabledIfSystemProperty(named = "jazzer.max_duration", matches = "0+s?", disabledReason = "fuzzing time is 0")
class SipParserFuzzTest {
    private static final SipParser PARSER = Messages.PARSER;
    private static final int MAX_SPLITS = 16;
    private static final int MAX_SPLIT = 2048;
    private static final int MAX_URI_BYTES = 512;

    @FuzzTest
    void parseArbitraryDatagram(byte[] input) {
        SipMessage m;
        try {
            m = PARSER.parseDatagram(input);
        } catch (MalformedSipException refused) {
            assertAllocationBounded(input);
            return;
        }
        MessageWalk.readAll(m);
        if (m instanceof SipRequest r) {
            checkResponseRoundTrip(r, input);
            checkForwardRoundTrip(r, input);
        }
        assertAllocationBounded(input);
    }

    @FuzzTest
    void frameArbitraryStream(FuzzedDataProvider data) {
        int[] splits = new int[data.consumeInt(0, MAX_SPLITS)];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = data.consumeInt(1, MAX_SPLIT);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        StreamRun split = StreamRun.of(PARSER, stream, splits);
        split.checkAgainst(stream);
        // Where reads happen to end must not change what comes out: compare with the stream in one read.
        StreamRun whole = StreamRun.of(PARSER, stream, new int[0]);
        if (!split.sameOutcomeAs(whole)) {
            throw new AssertionError("splits " + Arrays.toString(splits) + " changed the outcome:\n split: " + split
                    + "\n whole: " + whole);
        }
    }

    /** Two URIs: reading never throws anything else, and equivalence is reflexive, symmetric and agrees with keys. */
    @FuzzTest
    void compareArbitraryUris(FuzzedDataProvider data) throws MalformedSipException {
        byte[] a = data.consumeBytes(data.consumeInt(0, MAX_URI_BYTES));
        byte[] b = data.consumeRemainingAsBytes();
        SipUri x = sipUriOrNull(a);
        SipUri y = sipUriOrNull(b);
        for (SipUri u : new SipUri[] {x, y}) {
            if (u == null) {
                continue;
            }
            if (!u.equivalentTo(u)) {
                throw new AssertionError("not equivalent to itself: " + u);
            }
            SipUri again = SipUri.parse(u.text());
            if (!again.equivalentTo(u) || !again.aorKey().equals(u.aorKey())) {
                throw new AssertionError("reading the text again gives another URI: " + u);
            }
        }
        if (x != null && y != null) {
            boolean xy = x.equivalentTo(y);
            if (xy != y.equivalentTo(x)) {
                throw new AssertionError("not symmetric: " + x + " / " + y);
            }
            if (xy && !x.aorKey().equals(y.aorKey())) {
                throw new AssertionError("equivalent URIs with different AOR keys: " + x + " / " + y);
            }
        }
    }

    /** A response built from an accepted request parses back, as a stream message, with the request's fields. */
    private static void checkResponseRoundTrip(SipRequest r, byte[] input) {
        byte[] built = ResponseBuilder.of(r, 400).toTag("fz1").received("192.0.2.1", 5060).build();
        SipMessage back = parseBuiltOrNull(built, input);
        if (back == null) {
            return;
        }
        expectSame("Call-ID", () -> r.callId(), () -> back.callId(), input);
        expectSame("CSeq", () -> r.cseq(), () -> back.cseq(), input);
        expectSame("From", () -> r.from().text(), () -> back.from().text(), input);
        expectSame("Via count", () -> r.vias().size(), () -> back.vias().size(), input);
        expectSame("To tag", () -> r.to().tag() == null ? "fz1" : r.to().tag(), () -> back.to().tag(), input);
    }

    /** A forwarded request parses back with one Via more, one hop less, and the same dialog fields. */
    private static void checkForwardRoundTrip(SipRequest r, byte[] input) {
        byte[] built;
        try {
            if (r.maxForwards() == 0) {
                return;
            }
            built = RequestForwarder.of(r).via("TCP", "proxy.example.com", 5060, "z9hG4bKfz")
                    .received("192.0.2.1", 5060).recordRoute("sip:proxy.example.com;lr")
                    .stripOwnRoute(uri -> uri.host().equalsIgnoreCase("proxy.example.com")).build();
        } catch (MalformedSipException cannotForward) {
            return; // the proxy answers 400 instead
        }
        SipMessage back = parseBuiltOrNull(built, input);
        if (back == null) {
            return;
        }
        expectSame("Call-ID", () -> r.callId(), () -> back.callId(), input);
        expectSame("CSeq", () -> r.cseq(), () -> back.cseq(), input);
        expectSame("Via count", () -> r.vias().size() + 1, () -> back.vias().size(), input);
        expectSame("Max-Forwards", () -> r.maxForwards() < 0 ? 70 : r.maxForwards() - 1, back::maxForwards, input);
        expectSame("body", () -> Arrays.toString(r.body()), () -> Arrays.toString(back.body()), input);
    }

    /**
     * The built message as a stream message. It may exceed a limit the request was just under (an added Via,
     * a tag, a Content-Length field); any other refusal is a bug.
     */
    private static SipMessage parseBuiltOrNull(byte[] built, byte[] input) {
        try {
            return PARSER.parseStreamMessage(built, 0, built.length);
        } catch (MalformedSipException e) {
            if (List.of("message", "header section").contains(e.field())) {
                return null;
            }
            throw new AssertionError("built message does not parse (" + e.getMessage() + ")\n in:  " + hex(input)
                    + "\n out: " + new String(built, StandardCharsets.ISO_8859_1));
        }
    }

    interface Field {
        Object get() throws MalformedSipException;
    }

    /** When the original's field can be read, the built message's must be equal. */
    private static void expectSame(String what, Field original, Field built, byte[] input) {
        Object expected;
        try {
            expected = original.get();
        } catch (MalformedSipException unreadable) {
            return;
        }
        Object actual;
        try {
            actual = built.get();
        } catch (MalformedSipException e) {
            throw new AssertionError(what + " readable in the original but not in the built message: "
                    + e.getMessage() + "\n in: " + hex(input));
        }
        if (!expected.equals(actual)) {
            throw new AssertionError(what + " changed: " + expected + " -> " + actual + "\n in: " + hex(input));
        }
    }

    private static SipUri sipUriOrNull(byte[] b) {
        try {
            return Uri.read(b, 0, b.length, SipLimits.DEFAULTS.maxParameters(), "URI") instanceof SipUri u ? u : null;
        } catch (MalformedSipException e) {
            return null;
        }
    }

    /** Called after a first parse of the same input, which linked every call site on its path. */
    private static void assertAllocationBounded(byte[] input) {
        if (!AllocationMeter.isSupported()) {
            return;
        }
        long allocated = ParseAllocation.measureReadAll(PARSER, input);
        long limit = ParseAllocation.readAllLimitFor(input.length);
        if (allocated > limit) {
            throw new AssertionError("parsing and reading " + input.length + " bytes allocated " + allocated
                    + " bytes, over the limit of " + limit + ": " + hex(input));
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
