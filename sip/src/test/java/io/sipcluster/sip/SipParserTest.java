package io.sipcluster.sip;

import static io.sipcluster.sip.Messages.lines;
import static io.sipcluster.sip.Messages.request;
import static io.sipcluster.sip.Messages.response;
import static io.sipcluster.sip.Rfc4475Test.parseOrField;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The start line, the header section scan and the body's extent (RFC 3261 §7, §18.3). */
class SipParserTest {
    @Test
    void requestLineGivesMethodUriAndVersion() throws MalformedSipException {
        SipRequest r = request(lines("REGISTER sip:example.com SIP/2.0", "Content-Length: 0", ""));
        assertThat(r.method()).isSameAs(Methods.REGISTER);
        assertThat(r.requestUriText()).isEqualTo("sip:example.com");
        assertThat(r.version()).isEqualTo("SIP/2.0");
        assertThat(r.isSip20()).isTrue();
        assertThat(r.tolerated()).isEmpty();
    }

    @Test
    void methodsAreCaseSensitive() throws MalformedSipException {
        SipRequest r = request(lines("register sip:example.com SIP/2.0", "l: 0", ""));
        assertThat(r.method()).isEqualTo("register").isNotEqualTo(Methods.REGISTER);
    }

    @Test
    void statusLineGivesCodeAndReason() throws MalformedSipException {
        SipResponse r = response(lines("SIP/2.0 486 Busy Here", "Content-Length: 0", ""));
        assertThat(r.statusCode()).isEqualTo(486);
        assertThat(r.reasonPhrase()).isEqualTo("Busy Here");
    }

    @Test
    void statusLineWithoutAnyReasonPhraseIsAccepted() throws MalformedSipException {
        assertThat(response(lines("SIP/2.0 180", "l: 0", "")).reasonPhrase()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "SIP/2.0 99 Low|Status-Code",
            "SIP/2.0 700 High|Status-Code",
            "SIP/2.0 20 Short|Status-Code",
            "SIP/2.0 2000 Long|Status-Code",
            "SIP/2.0 2x0 Letters|Status-Code",
            "SIP/2.0  200 TwoSpaces|Status-Code",
            "SIP/X.0 200 OK|SIP-Version",
            "SIP/2 200 OK|SIP-Version",
            "OPTIONS sip:a@b SIP/2|SIP-Version",
            "OPTIONS sip:a@b HTTP/1.1|SIP-Version",
            "OPTIONS sip:a@b|start line",
            "OPTIONS|start line",
            "OPTIONS <sip:a@b> SIP/2.0|Request-URI",
            "OPTIONS sip:a@b; lr SIP/2.0|Request-URI",
            "/OPTIONS sip:a@b SIP/2.0|start line",
    })
    void malformedStartLinesAreRefusedNamingThePart(String startLine, String field) {
        assertThat(parseOrField(lines(startLine, "Content-Length: 0", ""))).isEqualTo(field);
    }

    @Test
    void tabInsteadOfSpaceInTheRequestLineIsRefused() {
        assertThat(parseOrField(lines("OPTIONS sip:a@b\tSIP/2.0", "l: 0", ""))).isEqualTo("Request-URI");
    }

    @Test
    void versionOtherThan20IsParsedSoThatTheServerCanAnswer505() throws MalformedSipException {
        SipRequest r = request(lines("OPTIONS sip:a@b SIP/3.10", "l: 0", ""));
        assertThat(r.version()).isEqualTo("SIP/3.10");
        assertThat(r.isSip20()).isFalse();
    }

    @Test
    void lowerCaseSipLiteralIsStillSip20() throws MalformedSipException {
        // "SIP" in the ABNF is case-insensitive; the version string keeps the received spelling.
        SipResponse r = response(lines("sip/2.0 200 OK", "l: 0", ""));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo("sip/2.0");
    }

    @Test
    void leadingCrlfsBeforeTheStartLineAreSkipped() throws MalformedSipException {
        byte[] b = ("\r\n\r\n" + Messages.text(lines("OPTIONS sip:a@b SIP/2.0", "l: 0", "")))
                .getBytes(StandardCharsets.US_ASCII);
        SipRequest r = request(b);
        assertThat(r.offset()).isEqualTo(4);
        assertThat(r.method()).isEqualTo("OPTIONS");
    }

    @Test
    void emptyInputAndOnlyCrlfsAreRefused() {
        assertThat(parseOrField(new byte[0])).isEqualTo("start line");
        assertThat(parseOrField("\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo("start line");
    }

    @Test
    void headerNamesAreCaseInsensitiveAndCompactFormsAreTheSameHeader() throws MalformedSipException {
        SipRequest r = request(lines("OPTIONS sip:a@b SIP/2.0",
                "v: SIP/2.0/UDP h1;branch=z9hG4bK1",
                "VIA: SIP/2.0/UDP h2;branch=z9hG4bK2",
                "f: <sip:x@y>;tag=1",
                "T: sip:a@b",
                "i: abc",
                "cSeQ: 1 OPTIONS",
                "l: 0",
                ""));
        assertThat(r.vias()).extracting(Via::host).containsExactly("h1", "h2");
        assertThat(r.from().tag()).isEqualTo("1");
        assertThat(r.to().uri().text()).isEqualTo("sip:a@b");
        assertThat(r.callId()).isEqualTo("abc");
        assertThat(r.header("call-id")).isEqualTo("abc");
        assertThat(r.header("I")).isEqualTo("abc");
        assertThat(r.has(HeaderName.CSEQ)).isTrue();
        assertThat(r.headerFieldCount()).isEqualTo(7);
    }

    @Test
    void whitespaceBeforeTheColonAndFoldsBeforeTheValueAreAllowed() throws MalformedSipException {
        SipRequest r = request(lines("OPTIONS sip:a@b SIP/2.0",
                "Call-ID  \t:",
                "   \t abc@def",
                "Subject:   first",
                " \t second",
                "\tthird  ",
                "l: 0",
                ""));
        assertThat(r.callId()).isEqualTo("abc@def");
        assertThat(r.header(HeaderName.SUBJECT)).isEqualTo("first second third");
    }

    @Test
    void extensionHeadersAreFoundByNameInAnyCaseInOrder() throws MalformedSipException {
        SipRequest r = request(lines("OPTIONS sip:a@b SIP/2.0",
                "X-Thing: one",
                "x-thing: two",
                "X-Other: three",
                "l: 0",
                ""));
        assertThat(r.header("x-THING")).isEqualTo("one");
        assertThat(r.headers("X-Thing")).containsExactly("one", "two");
        assertThat(r.headers("X-None")).isEmpty();
        assertThat(r.header("X-None")).isNull();
    }

    static Stream<Arguments> brokenLines() {
        return Stream.of(
                Arguments.of("bare LF ends a line", "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\nl: 0\r\n\r\n", "Call-ID"),
                Arguments.of("bare CR inside a value", "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\ry\r\nl: 0\r\n\r\n",
                        "Call-ID"),
                Arguments.of("bare LF in the start line", "OPTIONS sip:a@b SIP/2.0\nl: 0\r\n\r\n", "start line"),
                Arguments.of("no colon", "OPTIONS sip:a@b SIP/2.0\r\nCall-ID x\r\nl: 0\r\n\r\n", "Call-ID"),
                Arguments.of("no name", "OPTIONS sip:a@b SIP/2.0\r\n: x\r\nl: 0\r\n\r\n", "header field"),
                Arguments.of("name with a space", "OPTIONS sip:a@b SIP/2.0\r\nCall ID: x\r\nl: 0\r\n\r\n",
                        "extension header field"),
                Arguments.of("folded line first", "OPTIONS sip:a@b SIP/2.0\r\n continued\r\nl: 0\r\n\r\n",
                        "header field"),
                Arguments.of("no empty line", "OPTIONS sip:a@b SIP/2.0\r\nl: 0\r\n", "header section"),
                Arguments.of("ends inside a field", "OPTIONS sip:a@b SIP/2.0\r\nl: 0", "header section"),
                Arguments.of("no start line end", "OPTIONS sip:a@b SIP/2.0", "start line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenLines")
    void brokenLinesAreRefused(String what, String message, String field) {
        assertThat(parseOrField(message.getBytes(StandardCharsets.ISO_8859_1))).as(what).isEqualTo(field);
    }

    @Test
    void datagramBodyIsContentLengthBytes() throws MalformedSipException {
        SipRequest r = request(lines("MESSAGE sip:a@b SIP/2.0", "Content-Length: 5", "", "hello"));
        assertThat(r.bodyLength()).isEqualTo(5);
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(r.contentLength()).isEqualTo(5);
        // the CRLF that lines() put after "hello" is beyond the body
        assertThat(r.wasTolerated(Tolerance.BYTES_AFTER_BODY)).isTrue();
    }

    @Test
    void datagramContentLengthLargerThanTheRestIsRefused() {
        assertThat(parseOrField(lines("MESSAGE sip:a@b SIP/2.0", "Content-Length: 10", "", "hello")))
                .isEqualTo("Content-Length");
    }

    @ParameterizedTest(name = "Content-Length: {0}")
    @CsvSource({"-1", "five", "1 2", "0x10", "99999999999999999999", "65536"})
    void malformedOrHugeContentLengthIsRefused(String value) {
        assertThat(parseOrField(lines("MESSAGE sip:a@b SIP/2.0", "Content-Length: " + value, "", "")))
                .isEqualTo("Content-Length");
    }

    @Test
    void datagramWithoutContentLengthTakesTheRestAsBody() throws MalformedSipException {
        SipRequest r = request(lines("MESSAGE sip:a@b SIP/2.0", "Call-ID: x", "", "hello"));
        assertThat(r.wasTolerated(Tolerance.CONTENT_LENGTH_ABSENT)).isTrue();
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("hello\r\n");
        assertThat(r.contentLength()).isEqualTo(-1);
    }

    @Test
    void streamMessageMustCarryAnExactContentLength() {
        SipParser p = Messages.PARSER;
        byte[] ok = lines("MESSAGE sip:a@b SIP/2.0", "Content-Length: 2", "", "").clone();
        assertThat(streamField(p, ok)).isEqualTo("parsed");
        byte[] none = lines("MESSAGE sip:a@b SIP/2.0", "Call-ID: x", "");
        assertThat(streamField(p, none)).isEqualTo("Content-Length");
        byte[] longer = lines("MESSAGE sip:a@b SIP/2.0", "Content-Length: 1", "", "");
        assertThat(streamField(p, longer)).isEqualTo("Content-Length");
    }

    @Test
    void theMessageKeepsTheCallersArrayAndOffsets() throws MalformedSipException {
        byte[] inner = lines("OPTIONS sip:a@b SIP/2.0", "l: 0", "");
        byte[] outer = new byte[inner.length + 20];
        System.arraycopy(inner, 0, outer, 10, inner.length);
        SipMessage m = Messages.PARSER.parseDatagram(outer, 10, inner.length);
        assertThat(m.array()).isSameAs(outer);
        assertThat(m.offset()).isEqualTo(10);
        assertThat(m.length()).isEqualTo(inner.length);
        assertThat(m.startLine()).isEqualTo("OPTIONS sip:a@b SIP/2.0");
        assertThat(m).hasToString("OPTIONS sip:a@b SIP/2.0 (" + inner.length + " bytes)");
    }

    private static String streamField(SipParser p, byte[] b) {
        try {
            p.parseStreamMessage(b, 0, b.length);
            return "parsed";
        } catch (MalformedSipException e) {
            return e.field();
        }
    }
}
