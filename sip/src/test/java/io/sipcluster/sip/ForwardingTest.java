package io.sipcluster.sip;

import static io.sipcluster.sip.Messages.lines;
import static io.sipcluster.sip.Messages.request;
import static io.sipcluster.sip.Messages.response;
import static io.sipcluster.sip.Messages.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Proxy edits (RFC 3261 §16.6, §16.7): what changes changes in place, everything else is the received bytes. */
class ForwardingTest {
    private static final byte[] INVITE = lines(
            "INVITE sip:bob@biloxi.example.com SIP/2.0",
            "v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8 ;rport",
            "MaX-fOrWaRdS:  70",
            "Route: <sip:proxy.example.com;lr>, <sip:next.example.com;lr>",
            "To: Bob <sip:bob@biloxi.example.com>",
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
            "Call-ID: a84b4c76e66710",
            "CSeq: 314159 INVITE",
            "Record-Route: <sip:earlier.example.com;lr>",
            "Contact: <sip:alice@pc33.atlanta.example.com>",
            "Content-Type: application/sdp",
            "Content-Length: 5",
            "",
            "v=0");

    @Test
    void forwardingEditsOnlyWhatTheProxyMustAndCopiesTheRest() throws MalformedSipException {
        SipRequest r = request(INVITE);
        byte[] out = RequestForwarder.of(r)
                .via("UDP", "proxy.example.com", 5060, "z9hG4bKp1")
                .received("192.0.2.101", 5062)
                .recordRoute("sip:proxy.example.com;lr")
                .stripOwnRoute(uri -> uri.host().equals("proxy.example.com"))
                .build();
        assertThat(text(out)).isEqualTo(text(lines(
                "INVITE sip:bob@biloxi.example.com SIP/2.0",
                "Via: SIP/2.0/UDP proxy.example.com:5060;branch=z9hG4bKp1",
                "v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8 ;rport=5062;received=192.0.2.101",
                "MaX-fOrWaRdS:  69",
                "Route: <sip:next.example.com;lr>",
                "To: Bob <sip:bob@biloxi.example.com>",
                "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
                "Call-ID: a84b4c76e66710",
                "CSeq: 314159 INVITE",
                "Record-Route: <sip:proxy.example.com;lr>",
                "Record-Route: <sip:earlier.example.com;lr>",
                "Contact: <sip:alice@pc33.atlanta.example.com>",
                "Content-Type: application/sdp",
                "Content-Length: 5",
                "",
                "v=0")));
        SipRequest forwarded = request(out);
        assertThat(forwarded.vias()).extracting(Via::host)
                .containsExactly("proxy.example.com", "pc33.atlanta.example.com");
        assertThat(forwarded.maxForwards()).isEqualTo(69);
        RequestValidation.check(forwarded);
    }

    @Test
    void withoutOptionalEditsOnlyViaAndMaxForwardsChange() throws MalformedSipException {
        SipRequest r = request(INVITE);
        String out = text(RequestForwarder.of(r).via("TCP", "[2001:db8::1]", -1, "z9hG4bKp2").build());
        String in = text(INVITE);
        assertThat(out).isEqualTo(in.replace("SIP/2.0\r\nv:", "SIP/2.0\r\nVia: SIP/2.0/TCP [2001:db8::1];branch=z9hG4bKp2\r\nv:")
                .replace("MaX-fOrWaRdS:  70", "MaX-fOrWaRdS:  69"));
    }

    @Test
    void aRouteThatIsNotOursStaysAndAWholeLineGoesWhenItHeldOnlyOurs() throws MalformedSipException {
        SipRequest notOurs = request(INVITE);
        String kept = text(RequestForwarder.of(notOurs).via("UDP", "p", -1, "z9hG4bK1")
                .stripOwnRoute(uri -> false).build());
        assertThat(kept).contains("\r\nRoute: <sip:proxy.example.com;lr>, <sip:next.example.com;lr>\r\n");

        SipRequest single = Messages.requestWith("Via: SIP/2.0/UDP h;branch=z9hG4bK1", "Route: <sip:me;lr>",
                "Route: <sip:them;lr>");
        String out = text(RequestForwarder.of(single).via("UDP", "me", -1, "z9hG4bK2")
                .stripOwnRoute(uri -> uri.host().equals("me")).build());
        assertThat(out).doesNotContain("Route: <sip:me;lr>").contains("\r\nRoute: <sip:them;lr>\r\n");
        assertThat(request(out.getBytes(java.nio.charset.StandardCharsets.UTF_8)).routes()).hasSize(1);
    }

    @Test
    void missingMaxForwardsIsAddedAs70AndTheRequestUriCanBeRetargeted() throws MalformedSipException {
        SipRequest r = Messages.requestWith("Via: SIP/2.0/UDP h;branch=z9hG4bK1");
        SipRequest out = request(RequestForwarder.of(r).via("UDP", "p", 5060, "z9hG4bK2")
                .requestUri("sip:bob@192.0.2.44:5060").build());
        assertThat(out.maxForwards()).isEqualTo(70);
        assertThat(out.requestUriText()).isEqualTo("sip:bob@192.0.2.44:5060");
        assertThat(out.startLine()).isEqualTo("OPTIONS sip:bob@192.0.2.44:5060 SIP/2.0");
    }

    @Test
    void aDatagramWithoutContentLengthGetsOneSoThatItCanGoOverAStream() throws MalformedSipException {
        SipRequest r = request(Messages.rfc4475("inv2543"));
        byte[] out = RequestForwarder.of(r).via("TCP", "p.example.com", -1, "z9hG4bK1").build();
        SipMessage framed = Messages.PARSER.parseStreamMessage(out, 0, out.length);
        assertThat(framed.contentLength()).isEqualTo(r.bodyLength());
        assertThat(framed.body()).isEqualTo(r.body());
        assertThat(text(out)).contains("\r\nContent-Type: application/sdp\r\nContent-Length: 105\r\n\r\nv=0\r\n");
    }

    @Test
    void forwardingIsRefusedWithoutAViaAtZeroHopsAndOnABrokenMaxForwards() throws MalformedSipException {
        SipRequest r = request(INVITE);
        assertThatThrownBy(() -> RequestForwarder.of(r).build()).isInstanceOf(IllegalStateException.class);
        SipRequest zero = Messages.requestWith("Max-Forwards: 0");
        assertThatThrownBy(() -> RequestForwarder.of(zero).via("UDP", "p", -1, "z9hG4bK1").build())
                .isInstanceOf(IllegalStateException.class);
        SipRequest broken = Messages.requestWith("Max-Forwards: many");
        assertThatThrownBy(() -> RequestForwarder.of(broken).via("UDP", "p", -1, "z9hG4bK1").build())
                .isInstanceOfSatisfying(MalformedSipException.class,
                        e -> assertThat(e.field()).isEqualTo("Max-Forwards"));
        assertThatThrownBy(() -> RequestForwarder.of(r).via("UDP", "p", -1, "bad branch"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResponseLosesItsTopViaValueOnly() throws MalformedSipException {
        SipResponse sameLine = response(lines("SIP/2.0 200 OK",
                "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1 , SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1",
                "Call-ID: x",
                "Content-Length: 0",
                ""));
        assertThat(text(ResponseForwarder.withoutTopVia(sameLine))).isEqualTo(text(lines("SIP/2.0 200 OK",
                "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1",
                "Call-ID: x",
                "Content-Length: 0",
                "")));
        SipResponse ownLine = response(lines("SIP/2.0 180 Ringing",
                "v: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1",
                "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1",
                "Content-Length: 0",
                ""));
        assertThat(text(ResponseForwarder.withoutTopVia(ownLine))).isEqualTo(text(lines("SIP/2.0 180 Ringing",
                "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1",
                "Content-Length: 0",
                "")));
        SipResponse forUs = response(lines("SIP/2.0 200 OK", "Via: SIP/2.0/UDP p;branch=z9hG4bK1", "l: 0", ""));
        assertThatThrownBy(() -> ResponseForwarder.withoutTopVia(forUs)).isInstanceOf(IllegalArgumentException.class);
    }
}
