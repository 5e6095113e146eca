package io.sipcluster.sip;

import static io.sipcluster.sip.Messages.lines;
import static io.sipcluster.sip.Messages.request;
import static io.sipcluster.sip.Messages.response;
import static io.sipcluster.sip.Messages.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Responses built from requests (RFC 3261 §8.2.6), byte-exact where the request's bytes are copied. */
class ResponseBuilderTest {
    @Test
    void okForARegisterEchoesTheBindingWithItsExpires() throws MalformedSipException {
        SipRequest register = request(Messages.register());
        byte[] ok = ResponseBuilder.of(register, 200).toTag("as8f2k")
                .contact(register.contacts().get(0), 3600).build();
        assertThat(text(ok)).isEqualTo(text(lines(
                "SIP/2.0 200 OK",
                "Via: SIP/2.0/UDP 127.0.0.1:15070;branch=z9hG4bK-4242-1-0",
                "From: <sip:r1u1@bake.test>;tag=4242SIPpTag001",
                "To: <sip:r1u1@bake.test>;tag=as8f2k",
                "Call-ID: 1-4242@127.0.0.1",
                "CSeq: 1 REGISTER",
                "Contact: <sip:r1u1@127.0.0.1:15070>;expires=3600",
                "Content-Length: 0",
                "")));
    }

    @Test
    void everyViaLineIsCopiedAsReceivedCompactFormsAndFoldsIncluded() throws MalformedSipException {
        // pkts-sip dropped the 'v:' Via from its responses (research/sip-stack-bakeoff.md §5).
        SipRequest r = request(lines("INVITE sip:b@example.com SIP/2.0",
                "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/UDP p2.example.com;branch=z9hG4bK2",
                "v: SIP/2.0/TCP p3.example.com",
                "  ;branch=z9hG4bK3",
                "Max-Forwards: 68",
                "f: <sip:a@example.com>;tag=1",
                "t: <sip:b@example.com>",
                "i: abc@host",
                "CSeq: 7 INVITE",
                "l: 0",
                ""));
        String ok = text(ResponseBuilder.of(r, 180).toTag("x1").build());
        assertThat(ok).isEqualTo(text(lines("SIP/2.0 180 Ringing",
                "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/UDP p2.example.com;branch=z9hG4bK2",
                "v: SIP/2.0/TCP p3.example.com",
                "  ;branch=z9hG4bK3",
                "f: <sip:a@example.com>;tag=1",
                "t: <sip:b@example.com>;tag=x1",
                "i: abc@host",
                "CSeq: 7 INVITE",
                "Content-Length: 0",
                "")));
        assertThat(response(ok.getBytes(StandardCharsets.UTF_8)).vias()).hasSize(3);
    }

    @Test
    void contactEchoKeepsInstanceQuotesAndOtherParametersAndReplacesExpires() throws MalformedSipException {
        // pkts-sip re-serialised +sip.instance without its quotes (research/sip-stack-bakeoff.md §5).
        SipRequest r = Messages.requestWith("Contact: \"Phone\" <sip:a@192.0.2.1:5060;ob>;expires=60;"
                + "+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\" ;reg-id=1, <sip:a@192.0.2.2>;q=0.5");
        byte[] ok = ResponseBuilder.of(r, 200).toTag("t").contact(r.contacts().get(0), 3600)
                .contact(r.contacts().get(1), 1800).build();
        assertThat(text(ok)).contains("\r\nContact: \"Phone\" <sip:a@192.0.2.1:5060;ob>;"
                + "+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\" ;reg-id=1;expires=3600\r\n"
                + "Contact: <sip:a@192.0.2.2>;q=0.5;expires=1800\r\n");
        Contact echoed = response(ok).contacts().get(0);
        assertThat(echoed.instance()).isEqualTo("\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"");
        assertThat(echoed.expires()).isEqualTo(3600);
        assertThat(echoed.regId()).isEqualTo(1);
    }

    @Test
    void storedBindingsAreWrittenWithTheirExpires() throws MalformedSipException {
        SipRequest r = request(Messages.register());
        byte[] ok = ResponseBuilder.of(r, 200).toTag("t")
                .contact("<sip:r1u1@192.0.2.7:5060>;+sip.instance=\"<urn:uuid:1>\"", 120).build();
        assertThat(text(ok)).contains("\r\nContact: <sip:r1u1@192.0.2.7:5060>;+sip.instance=\"<urn:uuid:1>\";expires=120\r\n");
    }

    @Test
    void contentLengthIsAlwaysThereAndCountsTheBody() throws MalformedSipException {
        SipRequest r = request(Messages.register());
        assertThat(text(Responses.ok(r, "t"))).endsWith("\r\nContent-Length: 0\r\n\r\n");
        byte[] body = "v=0\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] withBody = ResponseBuilder.of(r, 200).toTag("t").body("application/sdp", body).build();
        assertThat(text(withBody)).endsWith("\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n");
        SipMessage parsed = Messages.PARSER.parseStreamMessage(withBody, 0, withBody.length);
        assertThat(parsed.body()).isEqualTo(body);
    }

    @Test
    void toTagIsAddedOnlyWhenMissingAndNotTo100() throws MalformedSipException {
        SipRequest dialog = Messages.requestWith("To: <sip:b@x>;tag=existing", "Via: SIP/2.0/UDP h;branch=z9hG4bK1");
        assertThat(response(ResponseBuilder.of(dialog, 200).toTag("new").build()).to().tag()).isEqualTo("existing");
        SipRequest initial = request(Messages.register());
        assertThat(response(ResponseBuilder.of(initial, 100).toTag("new").build()).to().tag()).isNull();
        assertThat(response(ResponseBuilder.of(initial, 200).build()).to().tag()).as("no tag given").isNull();
        assertThat(response(ResponseBuilder.of(initial, 404).toTag("n1").build()).to().tag()).isEqualTo("n1");
    }

    @Test
    void aToThatCannotBeParsedIsCopiedWithoutATagSoThatA400CanStillBeSent() throws MalformedSipException {
        SipRequest r = request(Messages.rfc4475("quotbal"));
        MalformedSipException why = Rfc4475Test.expectFailure(r::to);
        String bad = text(Responses.badRequest(r, "t1", why));
        assertThat(bad).startsWith("SIP/2.0 400 Bad Request (To)\r\n")
                .contains("\r\nTo: \"Mr. J. User <sip:j.user@example.com>\r\n");
    }

    @Test
    void receivedAndRportAreAddedToTheTopVia() throws MalformedSipException {
        SipRequest rport = Messages.requestWith("Via: SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bK1",
                "Via: SIP/2.0/UDP second;branch=z9hG4bK0");
        String ok = text(ResponseBuilder.of(rport, 200).received("198.51.100.7", 40112).build());
        assertThat(ok).contains("\r\nVia: SIP/2.0/UDP 10.0.0.5:5060;rport=40112;branch=z9hG4bK1;received=198.51.100.7\r\n"
                + "Via: SIP/2.0/UDP second;branch=z9hG4bK0\r\n");

        SipRequest differentHost = Messages.requestWith("Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1");
        assertThat(text(ResponseBuilder.of(differentHost, 200).received("192.0.2.1", 5060).build()))
                .contains("\r\nVia: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1;received=192.0.2.1\r\n");

        SipRequest sameHost = Messages.requestWith("Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1");
        assertThat(text(ResponseBuilder.of(sameHost, 200).received("192.0.2.1", 5060).build()))
                .contains("\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n");
    }

    @Test
    void registrarAndProxyErrorResponses() throws MalformedSipException {
        SipRequest r = request(Messages.register());
        SipResponse tooBrief = response(Responses.intervalTooBrief(r, "t", 60));
        assertThat(tooBrief.statusCode()).isEqualTo(423);
        assertThat(tooBrief.reasonPhrase()).isEqualTo("Interval Too Brief");
        assertThat(tooBrief.minExpires()).isEqualTo(60);
        SipResponse unavailable = response(Responses.serviceUnavailable(r, "t", 30));
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.header(HeaderName.RETRY_AFTER)).isEqualTo("30");
        assertThat(response(Responses.serviceUnavailable(r, "t", -1)).has(HeaderName.RETRY_AFTER)).isFalse();
        assertThat(response(Responses.notFound(r, "t")).statusCode()).isEqualTo(404);
        assertThat(response(Responses.serverInternalError(r, "t")).reasonPhrase()).isEqualTo("Server Internal Error");
        assertThat(response(Responses.tooManyHops(r, "t")).statusCode()).isEqualTo(483);
        assertThat(response(Responses.unsupportedUriScheme(r, "t")).statusCode()).isEqualTo(416);
        SipResponse bad = response(Responses.badRequest(r, "t", new MalformedSipException("Contact.q", "over 1")));
        assertThat(bad.reasonPhrase()).isEqualTo("Bad Request (Contact.q)");
    }

    @Test
    void recordRouteIsCopiedOnRequestAndExtraHeadersFollowInOrder() throws MalformedSipException {
        SipRequest r = Messages.requestWith("Via: SIP/2.0/UDP h;branch=z9hG4bK1", "Record-Route: <sip:p1;lr>",
                "Record-Route: <sip:p2;lr>");
        String ok = text(ResponseBuilder.of(r, 200).copyRecordRoute().header("Supported", "path")
                .header(HeaderName.DATE, "Sat, 13 Nov 2010 23:29:00 GMT").build());
        assertThat(ok).contains("\r\nRecord-Route: <sip:p1;lr>\r\nRecord-Route: <sip:p2;lr>\r\n"
                + "Supported: path\r\nDate: Sat, 13 Nov 2010 23:29:00 GMT\r\nContent-Length: 0\r\n");
        assertThat(text(ResponseBuilder.of(r, 200).build())).doesNotContain("Record-Route");
    }

    @Test
    void valuesThatWouldBreakTheMessageAreRefused() throws MalformedSipException {
        SipRequest r = request(Messages.register());
        ResponseBuilder b = ResponseBuilder.of(r, 200);
        assertThatThrownBy(() -> b.header("X-Evil", "a\r\nVia: injected")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.header("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.header("Content-Length", "5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.header("l", "5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.toTag("a;b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.reason("OK\r\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.contact(r.contacts().get(0), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseBuilder.of(r, 99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseBuilder.of(r, 700)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReusedWriterProducesTheSameBytes() throws MalformedSipException {
        SipRequest r = request(Messages.register());
        SipWriter w = new SipWriter(64);
        ResponseBuilder.of(r, 200).toTag("t").writeTo(w);
        byte[] first = w.toByteArray();
        w.reset();
        ResponseBuilder.of(r, 200).toTag("t").writeTo(w);
        assertThat(w.toByteArray()).isEqualTo(first).isEqualTo(Responses.ok(r, "t"));
    }
}
