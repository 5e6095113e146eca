package io.sipcluster.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing and reading everything allocates in proportion to the input, for real and for the densest messages. */
class ParseAllocationTest {
    @BeforeAll
    static void meterWorks() {
        assumeTrue(AllocationMeter.isSupported(), "per-thread allocation counting is off");
    }

    static Stream<Arguments> inputs() {
        Stream<Arguments> rfc = Stream.of("wsinv", "intmeth", "esc01", "longreq", "mpart01", "badinv01", "scalar02",
                "multi01", "unreason").map(n -> Arguments.of(n, Messages.rfc4475(n)));
        Stream<Arguments> dense = Stream.of(
                Arguments.of("one-letter contacts", dense("Contact: <sip:a>", ",<sip:a>", 8000)),
                Arguments.of("one-letter addr-spec contacts", dense("m: sip:a", ",sip:a", 8000)),
                Arguments.of("one-letter vias", dense("v: SIP/2.0/UDP a", ",SIP/2.0/UDP a", 8000)),
                Arguments.of("one-letter via params", dense("v: SIP/2.0/UDP a", ";b", 8000)),
                Arguments.of("one-letter routes", dense("Route: <sip:a>", ",<sip:a>", 8000)),
                Arguments.of("one-letter uri params", dense("To: <sip:a", ";b", 8000)),
                Arguments.of("option tags", dense("k: a", ",a", 8000)),
                Arguments.of("many short fields", manyFields()),
                Arguments.of("register", Messages.register()));
        return Stream.concat(rfc, dense);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void allocationStaysWithinTheBound(String name, byte[] input) {
        // generous limits, so that the dense inputs are parsed rather than refused early
        SipParser parser = new SipParser(new SipLimits(65_535, 65_535, 4096, 65_535, 100_000, 100_000));
        ParseAllocation.measure(parser, input); // link every call site on both paths first
        ParseAllocation.measureReadAll(parser, input);
        long parsed = ParseAllocation.measure(parser, input);
        long readAll = ParseAllocation.measureReadAll(parser, input);
        assertThat(parsed).as("%s: %d bytes in, parsed", name, input.length)
                .isLessThanOrEqualTo(ParseAllocation.limitFor(input.length));
        assertThat(readAll).as("%s: %d bytes in, read as text", name, input.length)
                .isLessThanOrEqualTo(ParseAllocation.readAllLimitFor(input.length));
    }

    /** The figures the bounds rest on; printed so that a change in them shows in the build log. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void reportBytesPerInputByte(String name, byte[] input) {
        SipParser parser = new SipParser(new SipLimits(65_535, 65_535, 4096, 65_535, 100_000, 100_000));
        ParseAllocation.measure(parser, input);
        ParseAllocation.measureReadAll(parser, input);
        double parsed = (double) ParseAllocation.measure(parser, input) / input.length;
        double readAll = (double) ParseAllocation.measureReadAll(parser, input) / input.length;
        System.out.printf("allocation %-32s %6d bytes: parsed %6.1f B/B, read all %6.1f B/B%n", name, input.length,
                parsed, readAll);
        assertThat(parsed).isPositive();
    }

    /** A message with one field made of {@code first} and then {@code repeat} until the field is about n bytes. */
    private static byte[] dense(String first, String repeat, int n) {
        StringBuilder s = new StringBuilder("OPTIONS sip:a@b SIP/2.0\r\n").append(first);
        while (s.length() < n) {
            s.append(repeat);
        }
        if (first.startsWith("To: <")) {
            s.append('>');
        }
        return s.append("\r\nl: 0\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] manyFields() {
        StringBuilder s = new StringBuilder("OPTIONS sip:a@b SIP/2.0\r\n");
        for (int i = 0; i < 4000; i++) {
            s.append("a:b\r\n");
        }
        return s.append("l: 0\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
