package io.sipcluster.sip;

import static io.sipcluster.sip.Messages.requestWith;
import static io.sipcluster.sip.Rfc4475Test.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Call-ID, CSeq, Expires, Min-Expires, Max-Forwards, Content-Type, Supported, User-Agent, Authorization. */
class ScalarHeadersTest {
    @Test
    void callIdWithAndWithoutHost() throws MalformedSipException {
        assertThat(requestWith("Call-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com").callId())
                .isEqualTo("f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com");
        assertThat(requestWith("i: 843817637684230@998sdasdh09").callId()).isEqualTo("843817637684230@998sdasdh09");
        assertThat(requestWith("Call-ID: plain").callId()).isEqualTo("plain");
    }

    @ParameterizedTest(name = "Call-ID: {0}")
    @ValueSource(strings = {"a@", "@b", "a@b@c", "a b", "a;b", ""})
    void malformedCallIdsAreRefused(String value) throws MalformedSipException {
        assertField(requestWith("Call-ID: " + value)::callId, "Call-ID");
    }

    @Test
    void cseqNumberAndMethod() throws MalformedSipException {
        assertThat(requestWith("CSeq: 4711 INVITE").cseq()).isEqualTo(new CSeq(4711, "INVITE"));
        assertThat(requestWith("CSeq:   0 ACK ").cseq()).isEqualTo(new CSeq(0, "ACK"));
        assertThat(requestWith("CSeq: 4294967295 BYE").cseq().number()).isEqualTo(4294967295L);
        assertThat(requestWith("CSeq: 1 REGISTER").cseq().method()).isSameAs(Methods.REGISTER);
    }

    @ParameterizedTest(name = "CSeq: {0}")
    @ValueSource(strings = {"4294967296 BYE", "1", "INVITE", "1INVITE", "1 INVITE x", "-1 INVITE", "1 INV/ITE", ""})
    void malformedCseqsAreRefused(String value) throws MalformedSipException {
        assertField(requestWith("CSeq: " + value)::cseq, "CSeq");
    }

    @Test
    void expiresMinExpiresAndMaxForwards() throws MalformedSipException {
        SipRequest r = requestWith("Expires: 7200", "Min-Expires: 60", "Max-Forwards: 0070");
        assertThat(r.expires()).isEqualTo(7200);
        assertThat(r.minExpires()).isEqualTo(60);
        assertThat(r.maxForwards()).isEqualTo(70);
        SipRequest none = requestWith("Call-ID: x");
        assertThat(none.expires()).isEqualTo(-1);
        assertThat(none.minExpires()).isEqualTo(-1);
        assertThat(none.maxForwards()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Expires: 4294967296|Expires",
            "Expires: soon|Expires",
            "Expires: Thu, 01 Dec 1994 16:00:00 GMT|Expires",
            "Min-Expires: -5|Min-Expires",
            "Max-Forwards: 256|Max-Forwards",
            "Max-Forwards: 7 0|Max-Forwards",
            "Max-Forwards:|Max-Forwards",
    })
    void malformedNumbersAreRefused(String line, String field) throws MalformedSipException {
        SipRequest r = requestWith(line);
        assertField(() -> {
            r.expires();
            r.minExpires();
            return r.maxForwards();
        }, field);
    }

    @Test
    void singleValuedNumbersMayNotRepeat() throws MalformedSipException {
        assertField(requestWith("Expires: 1", "Expires: 1")::expires, "Expires");
        assertField(requestWith("Max-Forwards: 1", "Max-Forwards: 2")::maxForwards, "Max-Forwards");
        assertField(requestWith("Content-Type: a/b", "c: a/b")::contentType, "Content-Type");
    }

    @Test
    void contentTypeUserAgentAndAuthorizationAreText() throws MalformedSipException {
        SipRequest r = requestWith(
                "c: application/sdp; charset=\"utf-8\"",
                "User-Agent: Softphone/2.1 (Linux;",
                "  beta)",
                "Authorization: Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b\", response=\"6629f\"");
        assertThat(r.contentType()).isEqualTo("application/sdp; charset=\"utf-8\"");
        assertThat(r.userAgent()).isEqualTo("Softphone/2.1 (Linux; beta)");
        assertThat(r.authorization()).startsWith("Digest username=\"bob\"").endsWith("response=\"6629f\"");
        assertThat(requestWith("Call-ID: x").contentType()).isNull();
        assertThat(requestWith("Call-ID: x").userAgent()).isNull();
    }

    @Test
    void supportedOptionTagsOverSeveralLines() throws MalformedSipException {
        SipRequest r = requestWith("Supported: path, outbound", "k: gruu", "Supported:");
        assertThat(r.supported()).containsExactly("path", "outbound", "gruu");
        assertThat(requestWith("Call-ID: x").supported()).isEmpty();
        assertField(requestWith("Supported: path,,gruu")::supported, "Supported");
        assertField(requestWith("Supported: pa th")::supported, "Supported");
    }
}
