package io.sipcluster.sip;

import static io.sipcluster.sip.Messages.request;
import static io.sipcluster.sip.Messages.response;
import static io.sipcluster.sip.Messages.rfc4475;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RFC 4475 torture tests: each valid message parses to the values it holds, each invalid one is refused where
 * the RFC says it should be, or accepted and flagged where it allows a liberal element to accept it. The section
 * of each message is in the test's name; {@code docs/architecture.md} has the table of outcomes.
 */
class Rfc4475Test {
    /**
     * What parsing a message as a UDP datagram does: "parsed", or the field the parser blames. Header-level
     * problems show later, when the header is read; the nested classes check those.
     */
    private static final Map<String, String> DATAGRAM_OUTCOME = new TreeMap<>(Map.ofEntries(
            // 3.1.1 valid messages
            Map.entry("wsinv", "parsed"), Map.entry("intmeth", "parsed"), Map.entry("esc01", "parsed"),
            Map.entry("escnull", "parsed"), Map.entry("esc02", "parsed"), Map.entry("lwsdisp", "parsed"),
            Map.entry("longreq", "parsed"), Map.entry("dblreq", "parsed"), Map.entry("semiuri", "parsed"),
            Map.entry("transports", "parsed"), Map.entry("mpart01", "parsed"), Map.entry("unreason", "parsed"),
            Map.entry("noreason", "parsed"),
            // 3.1.2 invalid messages
            Map.entry("badinv01", "parsed"), Map.entry("clerr", "Content-Length"), Map.entry("ncl", "Content-Length"),
            Map.entry("scalar02", "parsed"), Map.entry("scalarlg", "parsed"), Map.entry("quotbal", "parsed"),
            Map.entry("ltgtruri", "Request-URI"), Map.entry("lwsruri", "Request-URI"), Map.entry("lwsstart", "parsed"),
            Map.entry("trws", "parsed"), Map.entry("escruri", "parsed"), Map.entry("baddate", "parsed"),
            Map.entry("regbadct", "parsed"), Map.entry("badaspec", "parsed"), Map.entry("baddn", "header section"),
            Map.entry("badvers", "parsed"), Map.entry("mismatch01", "parsed"), Map.entry("mismatch02", "parsed"),
            Map.entry("bigcode", "Status-Code"),
            // 3.2 transaction layer
            Map.entry("badbranch", "parsed"),
            // 3.3 application layer
            Map.entry("insuf", "parsed"), Map.entry("unkscm", "parsed"), Map.entry("novelsc", "parsed"),
            Map.entry("unksm2", "parsed"), Map.entry("bext01", "parsed"), Map.entry("invut", "parsed"),
            Map.entry("regaut01", "parsed"), Map.entry("multi01", "parsed"), Map.entry("mcl01", "Content-Length"),
            Map.entry("bcast", "parsed"), Map.entry("zeromf", "parsed"), Map.entry("cparam01", "parsed"),
            Map.entry("cparam02", "parsed"), Map.entry("regescrt", "parsed"), Map.entry("sdp01", "parsed"),
            // 3.4 backward compatibility
            Map.entry("inv2543", "parsed")));

    static Stream<Arguments> datagramOutcomes() {
        return DATAGRAM_OUTCOME.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void everyMessageOfTheRfcHasAnExpectedOutcome() {
        assertThat(DATAGRAM_OUTCOME).hasSize(49);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("datagramOutcomes")
    void eachMessageIsParsedOrRefusedAsADatagram(String name, String outcome) {
        if (outcome.equals("parsed")) {
            assertThat(parseOrField(rfc4475(name))).isEqualTo("parsed");
        } else {
            assertThat(parseOrField(rfc4475(name))).isEqualTo(outcome);
        }
    }

    /** Requests that parse: the registrar/proxy checks pass, or fail naming the field the RFC points at. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("validationOutcomes")
    void requestValidationAcceptsOrBlamesTheRightField(String name, String outcome) throws MalformedSipException {
        SipRequest r = request(rfc4475(name));
        String actual;
        try {
            RequestValidation.check(r);
            actual = "valid";
        } catch (MalformedSipException e) {
            actual = e.field();
        }
        assertThat(actual).isEqualTo(outcome);
    }

    static Stream<Arguments> validationOutcomes() {
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("wsinv", "valid"), Map.entry("intmeth", "valid"), Map.entry("esc01", "valid"),
                Map.entry("escnull", "valid"), Map.entry("esc02", "valid"), Map.entry("lwsdisp", "valid"),
                Map.entry("longreq", "valid"), Map.entry("dblreq", "valid"), Map.entry("semiuri", "valid"),
                Map.entry("transports", "valid"), Map.entry("mpart01", "valid"),
                Map.entry("badinv01", "Via"), Map.entry("scalar02", "CSeq"), Map.entry("quotbal", "To"),
                Map.entry("lwsstart", "valid"), Map.entry("trws", "valid"), Map.entry("escruri", "Request-URI"),
                Map.entry("baddate", "valid"), Map.entry("regbadct", "valid"), Map.entry("badaspec", "To"),
                Map.entry("badvers", "valid"), Map.entry("mismatch01", "CSeq"), Map.entry("mismatch02", "CSeq"),
                Map.entry("badbranch", "valid"), Map.entry("insuf", "From"), Map.entry("unkscm", "valid"),
                Map.entry("novelsc", "valid"), Map.entry("unksm2", "valid"), Map.entry("bext01", "valid"),
                Map.entry("invut", "valid"), Map.entry("regaut01", "valid"), Map.entry("multi01", "From"),
                Map.entry("zeromf", "valid"), Map.entry("cparam01", "valid"), Map.entry("cparam02", "valid"),
                Map.entry("regescrt", "valid"), Map.entry("sdp01", "valid"), Map.entry("inv2543", "valid")));
        List<Arguments> args = new ArrayList<>();
        expected.forEach((k, v) -> args.add(Arguments.of(k, v)));
        return args.stream();
    }

    /** §3.1.1: valid messages. A parser must accept them, with these values. */
    @Nested
    class ValidMessages {
        @Test
        void s3_1_1_1_shortTortuousInvite() throws MalformedSipException {
            SipRequest m = request(rfc4475("wsinv"));
            assertThat(m.method()).isEqualTo("INVITE");
            SipUri ruri = (SipUri) m.requestUri();
            assertThat(ruri.user()).isEqualTo("vivekg");
            assertThat(ruri.host()).isEqualTo("chair-dnrc.example.com");
            assertThat(ruri.hasParam("unknownparam")).isTrue();
            // "TO :" then a fold, whitespace around ';' and '='
            assertThat(m.to().uri().text()).isEqualTo("sip:vivekg@chair-dnrc.example.com");
            assertThat(m.to().tag()).isEqualTo("1918181833n");
            // quoted display name with escaped backslash and quote, then a folded ';' and tag
            assertThat(m.from().displayName()).isEqualTo("J Rosenberg \\\"");
            assertThat(m.from().uri().text()).isEqualTo("sip:jdrosen@example.com");
            assertThat(m.from().tag()).isEqualTo("98asjd8");
            assertThat(m.maxForwards()).isEqualTo(68);
            assertThat(m.callId()).isEqualTo("wsinv.ndaksdj@192.0.2.1");
            assertThat(m.cseq()).isEqualTo(new CSeq(9, "INVITE"));
            assertThat(m.contentLength()).isEqualTo(150);
            assertThat(m.bodyLength()).isEqualTo(150);
            assertThat(Messages.text(m.body())).startsWith("v=0\r\n").endsWith("a=rtpmap:31 LPC\r\n");
            // three Via values: one folded over three lines, two on a 'v:' line separated by a comma
            List<Via> vias = m.vias();
            assertThat(vias).hasSize(3);
            assertThat(vias).extracting(Via::protocol).containsOnly("SIP/2.0");
            assertThat(vias).extracting(Via::transport).containsExactly("UDP", "TCP", "UDP");
            assertThat(vias).extracting(Via::host)
                    .containsExactly("192.0.2.2", "spindle.example.com", "192.168.255.111");
            assertThat(vias).extracting(Via::branch).containsExactly("390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239");
            assertThat(m.topVia().branch()).isEqualTo("390skdjuw");
            assertThat(m.header("Subject")).isEmpty();
            assertThat(m.header("s")).isEmpty();
            assertThat(m.header("NewFangledHeader")).isEqualTo("newfangled value continued newfangled value");
            assertThat(m.header("UnknownHeaderWithUnusualValue")).isEqualTo(";;,,;;,;");
            assertThat(m.contentType()).isEqualTo("application/sdp");
            assertThat(m.routes()).hasSize(1);
            SipUri route = (SipUri) m.routes().get(0).uri();
            assertThat(route.host()).isEqualTo("services.example.com");
            assertThat(route.isLooseRouting()).isTrue();
            assertThat(route.param("unknownwith")).isEqualTo("value");
            assertThat(route.hasParam("unknown-no-value")).isTrue();
            Contact contact = m.contacts().get(0);
            assertThat(m.contacts()).hasSize(1);
            assertThat(contact.address().displayName()).isEqualTo("Quoted string \"\"");
            assertThat(contact.params().get("newparam")).isEqualTo("newvalue");
            assertThat(contact.params().has("secondparam")).isTrue();
            assertThat(contact.qPermille()).isEqualTo(330);
            assertThat(m.tolerated()).isEmpty();
        }

        @Test
        void s3_1_1_2_wideRangeOfValidCharacters() throws MalformedSipException {
            SipRequest m = request(rfc4475("intmeth"));
            assertThat(m.method()).isEqualTo("!interesting-Method0123456789_*+`.%indeed'~");
            assertThat(m.cseq()).isEqualTo(new CSeq(139122385, "!interesting-Method0123456789_*+`.%indeed'~"));
            SipUri ruri = (SipUri) m.requestUri();
            assertThat(ruri.user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
            assertThat(ruri.password()).isEqualTo("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
            assertThat(ruri.host()).isEqualTo("example.com");
            assertThat(m.topVia().branch()).isEqualTo("z9hG4bK-.!%66*_+`'~");
            assertThat(m.to().displayName()).isEqualTo("BEL:\u0007 NUL:\u0000 DEL:\u007F");
            assertThat(((SipUri) m.to().uri()).user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
            assertThat(m.from().displayName()).isEqualTo("token1~` token2'+_ token3*%!.-");
            assertThat(m.from().params().get("fromParam''~+*_!.-%")).isEqualTo("\"работающий\"");
            assertThat(m.from().params().getUnquoted("fromParam''~+*_!.-%")).isEqualTo("работающий");
            assertThat(m.from().tag()).isEqualTo("_token~1'+`*%!-.");
            assertThat(m.callId()).isEqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
            assertThat(m.maxForwards()).isEqualTo(255);
            assertThat(m.header("extensionHeader-!.%*+_`'~")).isEqualTo("\uFEFF大停電");
        }

        @Test
        void s3_1_1_3_validUseOfThePercentEscapingMechanism() throws MalformedSipException {
            SipRequest m = request(rfc4475("esc01"));
            SipUri ruri = (SipUri) m.requestUri();
            assertThat(ruri.rawUser()).isEqualTo("sips%3Auser%40example.com");
            assertThat(ruri.user()).isEqualTo("sips:user@example.com");
            assertThat(ruri.host()).isEqualTo("example.net");
            SipUri to = (SipUri) m.to().uri();
            assertThat(to.equivalentTo(SipUri.parse("sip:user@example.com"))).isTrue();
            assertThat(to.aorKey()).isEqualTo("sip:user@example.com");
            assertThat(((SipUri) m.from().uri()).user()).isEqualTo("I have spaces");
            assertThat(m.callId()).isEqualTo("esc01.239409asdfakjkn23onasd0-3234"); // compact 'i'
            assertThat(m.contentType()).isEqualTo("application/sdp"); // compact 'C', upper case
            SipUri contact = (SipUri) m.contacts().get(0).uri(); // a folded Contact line
            assertThat(contact.isLooseRouting()).as("%6C%72 is lr").isTrue();
            assertThat(contact.param("name")).isEqualTo("v%61lue%25%34%31");
            // "value%41" is not "valueA": unescaping is never recursive
            assertThat(contact.equivalentTo(SipUri.parse("sip:caller@host5.example.net;lr;name=value%2541")))
                    .isTrue();
            assertThat(contact.equivalentTo(SipUri.parse("sip:caller@host5.example.net;lr;name=valueA"))).isFalse();
        }

        @Test
        void s3_1_1_4_escapedNullsInUris() throws MalformedSipException {
            SipRequest m = request(rfc4475("escnull"));
            SipUri aor = (SipUri) m.to().uri();
            assertThat(aor.user()).isEqualTo("null-\u0000-null").hasSize(11);
            assertThat(aor.aorKey()).isEqualTo("sip:null-%00-null@example.com");
            List<Contact> contacts = m.contacts();
            assertThat(contacts).hasSize(2);
            SipUri first = (SipUri) contacts.get(0).uri();
            SipUri second = (SipUri) contacts.get(1).uri();
            assertThat(first.user()).isEqualTo("\u0000");
            assertThat(second.user()).isEqualTo("\u0000\u0000");
            assertThat(first.equivalentTo(second)).as("two different bindings").isFalse();
            assertThat(first.aorKey()).isNotEqualTo(second.aorKey());
            assertThat(m.contentLength()).isZero(); // "L:0"
        }

        @Test
        void s3_1_1_5_useOfPercentWhenItIsNotAnEscape() throws MalformedSipException {
            SipRequest m = request(rfc4475("esc02"));
            assertThat(m.method()).as("an unknown method, not REGISTER").isEqualTo("RE%47IST%45R");
            assertThat(m.cseq().method()).isEqualTo("RE%47IST%45R");
            assertThat(m.to().displayName()).isEqualTo("%Z%45");
            assertThat(m.topVia().branch()).isEqualTo("z9hG4bK209%fzsnel234");
            // C%6Fntact is an extension header, not a third Contact
            assertThat(m.contacts()).extracting(c -> c.uri().text())
                    .containsExactly("sip:alias1@host1.example.com", "sip:alias3@host3.example.com");
            assertThat(m.header("C%6Fntact")).isEqualTo("<sip:alias2@host2.example.com>");
        }

        @Test
        void s3_1_1_6_noLwsBetweenDisplayNameAndLeftAngle() throws MalformedSipException {
            SipRequest m = request(rfc4475("lwsdisp"));
            assertThat(m.from().displayName()).isEqualTo("caller");
            assertThat(m.from().uri().text()).isEqualTo("sip:caller@example.com");
            assertThat(m.from().tag()).isEqualTo("323");
        }

        @Test
        void s3_1_1_7_longValuesInHeaderFields() throws MalformedSipException {
            SipRequest m = request(rfc4475("longreq"));
            assertThat(m.to().displayName()).startsWith("I have a user name of extremeextreme").endsWith(" proportion");
            SipUri to = (SipUri) m.to().uri();
            assertThat(to.port()).isEqualTo(6000);
            assertThat(to.param("longparamnamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamename"))
                    .isEqualTo("shortvalue");
            assertThat(to.params().size()).isEqualTo(3);
            assertThat(m.from().tag()).hasSize(155).startsWith("1298298").endsWith("2424"); // 'F:'
            assertThat(m.from().params().size()).isEqualTo(3);
            assertThat(m.callId()).startsWith("longreq.onereally").endsWith("longcallid");
            // 34 Vias, in every spelling of the name: Via, v, V, ViA, "V :", "Via  :"
            List<Via> vias = m.vias();
            assertThat(vias).hasSize(34);
            assertThat(vias.get(0).host()).isEqualTo("sip33.example.com");
            assertThat(vias.get(32).host()).isEqualTo("sip1.example.com");
            Via last = vias.get(33);
            assertThat(last.received()).isEqualTo("192.0.2.5");
            assertThat(last.branch()).startsWith("verylonglong").hasSizeGreaterThan(200);
            assertThat(m.header("Unknown-LongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLong-Name"))
                    .startsWith("unknown-longlong");
            assertThat(m.bodyLength()).isEqualTo(150); // 'l:'
        }

        @Test
        void s3_1_1_8_extraTrailingOctetsInAUdpDatagram() throws MalformedSipException {
            byte[] datagram = rfc4475("dblreq");
            SipRequest m = request(datagram);
            assertThat(m.method()).isEqualTo("REGISTER");
            assertThat(m.callId()).isEqualTo("dblreq.0ha0isndaksdj99sdfafnl3lk233412"); // 'I:'
            assertThat(m.bodyLength()).isZero();
            assertThat(m.wasTolerated(Tolerance.BYTES_AFTER_BODY)).isTrue();
            assertThat(Messages.text(datagram).substring(m.offset() + m.length())).startsWith("\r\nINVITE ");
        }

        @Test
        void s3_1_1_9_semicolonSeparatedParametersInUriUserPart() throws MalformedSipException {
            SipRequest m = request(rfc4475("semiuri"));
            SipUri ruri = (SipUri) m.requestUri();
            assertThat(ruri.rawUser()).isEqualTo("user;par=u%40example.net");
            assertThat(ruri.user()).isEqualTo("user;par=u@example.net");
            assertThat(ruri.host()).isEqualTo("example.com");
            assertThat(ruri.params().size()).as("no URI parameters").isZero();
            assertThat(m.header("Accept")).isEqualTo("application/sdp, application/pkcs7-mime, "
                    + "multipart/mixed, multipart/signed, message/sip, message/sipfrag");
        }

        @Test
        void s3_1_1_10_variedAndUnknownTransportTypes() throws MalformedSipException {
            SipRequest m = request(rfc4475("transports"));
            assertThat(m.vias()).extracting(Via::transport).containsExactly("UDP", "SCTP", "TLS", "UNKNOWN", "TCP");
            assertThat(m.vias()).extracting(Via::host)
                    .containsExactly("t1.example.com", "t2.example.com", "t3.example.com", "t4.example.com",
                            "t5.example.com");
        }

        @Test
        void s3_1_1_11_multipartMimeMessage() throws MalformedSipException {
            byte[] datagram = rfc4475("mpart01");
            SipRequest m = request(datagram);
            assertThat(m.bodyLength()).isEqualTo(553);
            assertThat(m.offset() + m.length()).isEqualTo(datagram.length);
            assertThat(m.contentType()).isEqualTo("multipart/mixed;boundary=7a9cbec02ceef655");
            assertThat(m.topVia().hasRport()).isTrue();
            assertThat(m.topVia().rport()).isEqualTo(-1);
            assertThat(m.topVia().port()).isEqualTo(5070);
            SipUri route = (SipUri) m.routes().get(0).uri();
            assertThat(route.host()).isEqualTo("127.0.0.1");
            assertThat(route.port()).isEqualTo(5080);
            assertThat(route.hasUser()).isFalse();
            assertThat(m.userAgent()).isEqualTo("SIPimp.org/0.2.5 (curses)");
        }

        @Test
        void s3_1_1_12_unusualReasonPhrase() throws MalformedSipException {
            SipResponse m = response(rfc4475("unreason"));
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.reasonPhrase()).isEqualTo("= 2**3 * 5**2 но сто девяносто девять - простое");
            assertThat(m.bodyLength()).isEqualTo(154);
        }

        @Test
        void s3_1_1_13_emptyReasonPhrase() throws MalformedSipException {
            SipResponse m = response(rfc4475("noreason"));
            assertThat(m.statusCode()).isEqualTo(100);
            assertThat(m.reasonPhrase()).isEmpty();
            assertThat(m.to().tag()).isEqualTo("902jndnke3");
        }
    }

    /** §3.1.2: invalid messages. Refused, or accepted and flagged where the RFC allows a liberal element to. */
    @Nested
    class InvalidMessages {
        @Test
        void s3_1_2_1_extraneousHeaderFieldSeparators() throws MalformedSipException {
            SipRequest m = request(rfc4475("badinv01"));
            assertField(m::vias, "Via");
            assertField(m::contacts, "Contact");
            assertThat(m.callId()).isEqualTo("badinv01.0ha0isndaksdjasdf3234nas");
            // The 400 can still be built: the broken Via is copied as received.
            assertThat(Messages.text(Responses.badRequest(m, "t1", expectFailure(m::topVia))))
                    .startsWith("SIP/2.0 400 Bad Request (Via)\r\nVia: SIP/2.0/UDP 192.0.2.15;;,;,,\r\n");
        }

        @Test
        void s3_1_2_2_contentLengthLargerThanMessage() {
            byte[] message = rfc4475("clerr");
            assertThat(parseOrField(message)).isEqualTo("Content-Length");
            // On a stream there is nothing to do but wait for the rest (and time out).
            List<SipMessage> out = new ArrayList<>();
            assertThat(frame(message, out)).isNull();
            assertThat(out).isEmpty();
        }

        @Test
        void s3_1_2_3_negativeContentLength() {
            assertThat(parseOrField(rfc4475("ncl"))).isEqualTo("Content-Length");
            assertThat(frame(rfc4475("ncl"), new ArrayList<>())).as("unrecoverable on a stream")
                    .isEqualTo("Content-Length");
        }

        @Test
        void s3_1_2_4_requestScalarFieldsWithOverlargeValues() throws MalformedSipException {
            SipRequest m = request(rfc4475("scalar02"));
            assertField(m::cseq, "CSeq");
            assertField(m::maxForwards, "Max-Forwards");
            assertField(m::expires, "Expires");
            assertField(m::contacts, "Contact.expires");
        }

        @Test
        void s3_1_2_5_responseScalarFieldsWithOverlargeValues() throws MalformedSipException {
            SipResponse m = response(rfc4475("scalarlg"));
            assertThat(m.statusCode()).isEqualTo(503);
            assertField(m::cseq, "CSeq"); // a response that cannot be matched is dropped
            assertThat(m.header(HeaderName.RETRY_AFTER)).isEqualTo("949302838503028349304023988");
        }

        @Test
        void s3_1_2_6_unterminatedQuotedStringInDisplayName() throws MalformedSipException {
            assertField(request(rfc4475("quotbal"))::to, "To");
        }

        @Test
        void s3_1_2_7_angleBracketsEnclosingRequestUri() {
            assertThat(parseOrField(rfc4475("ltgtruri"))).isEqualTo("Request-URI");
        }

        @Test
        void s3_1_2_8_malformedSipRequestUriEmbeddedLws() {
            assertThat(parseOrField(rfc4475("lwsruri"))).isEqualTo("Request-URI");
        }

        @Test
        void s3_1_2_9_multipleSpSeparatingRequestLineElements() throws MalformedSipException {
            SipRequest m = request(rfc4475("lwsstart"));
            assertThat(m.wasTolerated(Tolerance.EXTRA_SPACES_IN_REQUEST_LINE)).isTrue();
            assertThat(m.requestUriText()).isEqualTo("sip:user@example.com");
            assertThat(m.isSip20()).isTrue();
            // A proxy must not pass the extra spaces on.
            byte[] forwarded = RequestForwarder.of(m).via("UDP", "proxy.example.com", 5060, "z9hG4bKfwd1").build();
            assertThat(Messages.text(forwarded)).startsWith("INVITE sip:user@example.com SIP/2.0\r\n");
        }

        @Test
        void s3_1_2_10_spCharactersAtEndOfRequestLine() throws MalformedSipException {
            SipRequest m = request(rfc4475("trws"));
            assertThat(m.wasTolerated(Tolerance.TRAILING_SPACES_IN_REQUEST_LINE)).isTrue();
            assertThat(m.version()).isEqualTo("SIP/2.0");
            byte[] forwarded = RequestForwarder.of(m).via("UDP", "proxy.example.com", 5060, "z9hG4bKfwd1").build();
            assertThat(Messages.text(forwarded)).startsWith("OPTIONS sip:remote-target@example.com SIP/2.0\r\n");
        }

        @Test
        void s3_1_2_11_escapedHeadersInSipRequestUri() throws MalformedSipException {
            assertField(request(rfc4475("escruri"))::requestUri, "Request-URI");
        }

        @Test
        void s3_1_2_12_invalidTimeZoneInDateHeaderField() throws MalformedSipException {
            SipRequest m = request(rfc4475("baddate"));
            RequestValidation.check(m); // Date is never interpreted, so it cannot hurt
            assertThat(m.header(HeaderName.DATE)).isEqualTo("Fri, 01 Jan 2010 16:00:00 EST");
        }

        @Test
        void s3_1_2_13_failureToEncloseNameAddrUriInAngleBrackets() throws MalformedSipException {
            assertField(request(rfc4475("regbadct"))::contacts, "Contact");
        }

        @Test
        void s3_1_2_14_spacesWithinAddrSpec() throws MalformedSipException {
            SipRequest m = request(rfc4475("badaspec"));
            assertField(m::to, "To");
            assertThat(m.from().displayName()).isEqualTo("Bell, Alexander"); // quoted, so the comma is fine
        }

        @Test
        void s3_1_2_15_nonTokenCharactersInDisplayName() throws MalformedSipException {
            byte[] asPublished = rfc4475("baddn");
            assertThat(parseOrField(asPublished)).as("the archive's copy lacks the empty line")
                    .isEqualTo("header section");
            byte[] withEmptyLine = Messages.text(asPublished).concat("\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            SipRequest m = request(withEmptyLine);
            assertField(m::from, "From");
            assertField(m::to, "To");
        }

        @Test
        void s3_1_2_16_unknownProtocolVersion() throws MalformedSipException {
            SipRequest m = request(rfc4475("badvers"));
            assertThat(m.version()).isEqualTo("SIP/7.0");
            assertThat(m.isSip20()).isFalse();
            assertThat(m.topVia().protocol()).isEqualTo("SIP/7.0");
            assertThat(Messages.text(Responses.versionNotSupported(m, "t1")))
                    .startsWith("SIP/2.0 505 Version Not Supported\r\n");
        }

        @Test
        void s3_1_2_17_startLineAndCseqMethodMismatch() throws MalformedSipException {
            SipRequest m = request(rfc4475("mismatch01"));
            assertThat(m.method()).isEqualTo("OPTIONS");
            assertThat(m.cseq().method()).isEqualTo("INVITE");
            assertField(() -> RequestValidation.check(m), "CSeq");
        }

        @Test
        void s3_1_2_18_unknownMethodWithCseqMethodMismatch() throws MalformedSipException {
            SipRequest m = request(rfc4475("mismatch02"));
            assertThat(m.method()).isEqualTo("NEWMETHOD");
            assertField(() -> RequestValidation.check(m), "CSeq"); // 400; the RFC prefers 501 but allows 400
        }

        @Test
        void s3_1_2_19_overlargeResponseCode() {
            assertThat(parseOrField(rfc4475("bigcode"))).isEqualTo("Status-Code");
        }
    }

    /** §3.2: transaction layer. */
    @Nested
    class TransactionLayer {
        @Test
        void s3_2_1_missingTransactionIdentifier() throws MalformedSipException {
            Via via = request(rfc4475("badbranch")).topVia();
            assertThat(via.branch()).isEqualTo("z9hG4bK");
            assertThat(via.hasRfc3261Branch()).as("the cookie alone identifies nothing").isFalse();
        }
    }

    /** §3.3: application layer. Parsed; the registrar or proxy decides, with what these accessors give it. */
    @Nested
    class ApplicationLayer {
        @Test
        void s3_3_1_missingRequiredHeaderFields() throws MalformedSipException {
            SipRequest m = request(rfc4475("insuf"));
            assertField(m::from, "From");
            assertField(m::to, "To");
            assertField(m::callId, "Call-ID");
            assertThat(m.maxForwards()).isEqualTo(-1);
        }

        @Test
        void s3_3_2_requestUriWithUnknownScheme() throws MalformedSipException {
            Uri uri = request(rfc4475("unkscm")).requestUri();
            assertThat(uri).isInstanceOf(OpaqueUri.class);
            assertThat(uri.scheme()).isEqualTo("nobodyknowsthisscheme");
            assertThat(uri.text()).isEqualTo("nobodyKnowsThisScheme:totallyopaquecontent");
        }

        @Test
        void s3_3_3_requestUriWithKnownButAtypicalScheme() throws MalformedSipException {
            Uri uri = request(rfc4475("novelsc")).requestUri();
            assertThat(uri.scheme()).isEqualTo("soap.beep");
            assertThat(uri.text()).isEqualTo("soap.beep://192.0.2.103:3002");
        }

        @Test
        void s3_3_4_unknownUriSchemesInHeaderFields() throws MalformedSipException {
            SipRequest m = request(rfc4475("unksm2"));
            assertThat(m.to().uri().scheme()).isEqualTo("isbn");
            assertThat(m.from().uri().scheme()).isEqualTo("http");
            assertThat(m.contacts().get(0).uri().text()).isEqualTo("name:John_Smith");
        }

        @Test
        void s3_3_5_proxyRequireAndRequire() throws MalformedSipException {
            SipRequest m = request(rfc4475("bext01"));
            assertThat(m.header(HeaderName.REQUIRE)).isEqualTo("nothingSupportsThis, nothingSupportsThisEither");
            assertThat(m.header("proxy-require")).isEqualTo("noProxiesSupportThis, norDoAnyProxiesSupportThis");
        }

        @Test
        void s3_3_6_unknownContentType() throws MalformedSipException {
            SipRequest m = request(rfc4475("invut"));
            assertThat(m.contentType()).isEqualTo("application/unknownformat");
            assertThat(m.bodyLength()).isEqualTo(40);
        }

        @Test
        void s3_3_7_unknownAuthorizationScheme() throws MalformedSipException {
            assertThat(request(rfc4475("regaut01")).authorization())
                    .isEqualTo("NoOneKnowsThisScheme opaque-data=here");
        }

        @Test
        void s3_3_8_multipleValuesInSingleValueRequiredFields() throws MalformedSipException {
            SipRequest m = request(rfc4475("multi01"));
            assertField(m::from, "From");
            assertField(m::to, "To");
            assertField(m::callId, "Call-ID");
            assertField(m::cseq, "CSeq");
            assertField(m::maxForwards, "Max-Forwards");
            assertThat(m.contacts()).hasSize(2); // Contact may repeat
        }

        @Test
        void s3_3_9_multipleContentLengthValues() {
            assertThat(parseOrField(rfc4475("mcl01"))).isEqualTo("Content-Length");
        }

        @Test
        void s3_3_10_okResponseWithBroadcastViaHeaderFieldValue() throws MalformedSipException {
            SipResponse m = response(rfc4475("bcast"));
            assertThat(m.vias().get(1).host()).isEqualTo("255.255.255.255");
            // A proxy pops its own Via as for any response; refusing to send to a broadcast address is the
            // transport's job.
            SipResponse popped = response(ResponseForwarder.withoutTopVia(m));
            assertThat(popped.topVia().host()).isEqualTo("255.255.255.255");
        }

        @Test
        void s3_3_11_maxForwardsOfZero() throws MalformedSipException {
            SipRequest m = request(rfc4475("zeromf"));
            assertThat(m.maxForwards()).isZero();
            assertThatThrownBy(() -> RequestForwarder.of(m).via("UDP", "p.example.com", -1, "z9hG4bK1").build())
                    .isInstanceOf(IllegalStateException.class);
            assertThat(Messages.text(Responses.tooManyHops(m, "t1"))).startsWith("SIP/2.0 483 Too Many Hops\r\n");
        }

        @Test
        void s3_3_12_registerWithAContactHeaderParameter() throws MalformedSipException {
            Contact c = request(rfc4475("cparam01")).contacts().get(0);
            assertThat(c.address().hasAngleBrackets()).isFalse();
            assertThat(c.uri().text()).isEqualTo("sip:+19725552222@gw1.example.net");
            assertThat(c.params().has("unknownparam")).as("a contact parameter").isTrue();
        }

        @Test
        void s3_3_13_registerWithAUrlParameter() throws MalformedSipException {
            Contact c = request(rfc4475("cparam02")).contacts().get(0);
            SipUri uri = (SipUri) c.uri();
            assertThat(uri.hasParam("unknownparam")).as("a URI parameter").isTrue();
            assertThat(c.params().size()).isZero();
            // Only in one URI and not one of user/ttl/method/maddr/transport: ignored when comparing.
            SipUri cparam01 = (SipUri) request(rfc4475("cparam01")).contacts().get(0).uri();
            assertThat(uri.equivalentTo(cparam01)).isTrue();
        }

        @Test
        void s3_3_14_registerWithAUrlEscapedHeader() throws MalformedSipException {
            SipUri uri = (SipUri) request(rfc4475("regescrt")).contacts().get(0).uri(); // 'M:'
            assertThat(uri.headers()).isEqualTo("Route=%3Csip:sip.example.com%3E");
        }

        @Test
        void s3_3_15_unacceptableAcceptOffering() throws MalformedSipException {
            SipRequest m = request(rfc4475("sdp01"));
            assertThat(m.header("Accept")).isEqualTo("text/nobodyKnowsThis");
            assertThat(m.contentType()).isEqualTo("application/sdp");
        }
    }

    /** §3.4: backward compatibility. */
    @Nested
    class BackwardCompatibility {
        @Test
        void s3_4_1_inviteWithRfc2543Syntax() throws MalformedSipException {
            byte[] datagram = rfc4475("inv2543");
            SipRequest m = request(datagram);
            assertThat(m.wasTolerated(Tolerance.CONTENT_LENGTH_ABSENT)).isTrue();
            assertThat(m.bodyLength()).as("the body runs to the end of the datagram")
                    .isEqualTo(datagram.length - m.bodyOffset());
            assertThat(m.contentLength()).isEqualTo(-1);
            assertThat(m.maxForwards()).isEqualTo(-1);
            assertThat(m.topVia().branch()).isNull();
            assertThat(m.topVia().hasRfc3261Branch()).isFalse();
            assertThat(m.from().tag()).isNull();
            assertThat(m.recordRoutes()).hasSize(1);
            RequestValidation.check(m);
            // Without Content-Length a stream has no message boundary.
            assertThat(frame(datagram, new ArrayList<>())).isEqualTo("Content-Length");
        }
    }

    interface Access {
        Object get() throws MalformedSipException;
    }

    interface Check {
        void run() throws MalformedSipException;
    }

    static void assertField(Access access, String field) {
        assertThat(expectFailure(access).field()).isEqualTo(field);
    }

    static void assertField(Check check, String field) {
        assertField(() -> {
            check.run();
            return null;
        }, field);
    }

    static MalformedSipException expectFailure(Access access) {
        try {
            Object value = access.get();
            throw new AssertionError("expected a MalformedSipException, got " + value);
        } catch (MalformedSipException e) {
            return e;
        }
    }

    static String parseOrField(byte[] datagram) {
        try {
            Messages.parse(datagram);
            return "parsed";
        } catch (MalformedSipException e) {
            return e.field();
        }
    }

    /** Feeds the bytes to a stream framer; returns the failing field, or null, and collects the messages. */
    static String frame(byte[] stream, List<SipMessage> out) {
        SipStreamFramer framer = new SipStreamFramer(Messages.PARSER);
        try {
            framer.feed(stream, 0, stream.length, out::add);
            return null;
        } catch (MalformedSipException e) {
            return e.field();
        }
    }
}
