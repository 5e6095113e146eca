package io.sipcluster.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SIP URIs (RFC 3261 §19.1): components, escapes, and the comparison rules of §19.1.4. */
class SipUriTest {
    @Test
    void everyComponent() throws MalformedSipException {
        SipUri u = SipUri.parse("sips:alice:secretword@atlanta.example.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent");
        assertThat(u.scheme()).isEqualTo("sips");
        assertThat(u.isSecure()).isTrue();
        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("secretword");
        assertThat(u.host()).isEqualTo("atlanta.example.com");
        assertThat(u.port()).isEqualTo(5061);
        assertThat(u.transport()).isEqualTo("tcp");
        assertThat(u.isLooseRouting()).isTrue();
        assertThat(u.params().size()).isEqualTo(2);
        assertThat(u.headers()).isEqualTo("subject=project%20x&priority=urgent");
        assertThat(u.text()).isEqualTo(
                "sips:alice:secretword@atlanta.example.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent");
    }

    @Test
    void hostOnlyIpv4AndIpv6() throws MalformedSipException {
        SipUri host = SipUri.parse("sip:registrar.biloxi.example.com");
        assertThat(host.hasUser()).isFalse();
        assertThat(host.user()).isNull();
        assertThat(host.port()).isEqualTo(-1);
        assertThat(host.headers()).isNull();
        assertThat(SipUri.parse("sip:192.0.2.4:5060").host()).isEqualTo("192.0.2.4");
        SipUri v6 = SipUri.parse("sip:bob@[2001:db8::10:5]:5070;maddr=[2001:db8::1]");
        assertThat(v6.host()).isEqualTo("[2001:db8::10:5]");
        assertThat(v6.port()).isEqualTo(5070);
        assertThat(v6.param("maddr")).isEqualTo("[2001:db8::1]");
    }

    @Test
    void telephoneSubscriberUserAndEscapes() throws MalformedSipException {
        SipUri u = SipUri.parse("sip:+1-212-555-1212:1234@gateway.com;user=phone");
        assertThat(u.user()).isEqualTo("+1-212-555-1212");
        assertThat(u.password()).isEqualTo("1234");
        assertThat(u.param("user")).isEqualTo("phone");
        SipUri esc = SipUri.parse("sip:%61lice%20b@example.com");
        assertThat(esc.rawUser()).isEqualTo("%61lice%20b");
        assertThat(esc.user()).isEqualTo("alice b");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "sip:", "sip:@host", "sip:user@", "sip:user@host:", "sip:user@host:65536", "sip:user@host:5x",
            "sip:us er@host", "sip:user@ho st", "sip:user@host;", "sip:user@host;=v", "sip:user@host;p=",
            "sip:user@host?", "sip:user@host?h", "sip:user@host?=v", "sip:a%4@host", "sip:a%zz@host",
            "sip:user@[2001:db8::1", "sip:user@[]", "sip:user@host>", "sip:user@host#frag", "sip:a@b@c",
            "sip:user@host;p=<x>", "sip:user:pa:ss@host", "sip:a@b;lr;LR", "sip:a@b;%6C%72;lr",
            "sip:a@b;transport=tcp;Transport=udp",
    })
    void malformedSipUrisAreRefused(String text) {
        assertThatThrownBy(() -> SipUri.parse(text)).isInstanceOfSatisfying(MalformedSipException.class,
                e -> assertThat(e.field()).isEqualTo("URI"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tel:+1-201-555-0123", "mailto:a@b", "1sip:a@b", ":a", "nocolon", "sip"})
    void parseAcceptsOnlySipAndSips(String text) {
        assertThatThrownBy(() -> SipUri.parse(text)).isInstanceOf(MalformedSipException.class);
    }

    /** The URIs RFC 3261 §19.1.4 lists as equivalent. */
    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource(delimiter = '|', value = {
            "sip:%61lice@atlanta.com;transport=TCP|sip:alice@AtLanTa.CoM;Transport=tcp",
            "sip:carol@chicago.com|sip:carol@chicago.com;newparam=5",
            "sip:carol@chicago.com|sip:carol@chicago.com;security=on",
            "sip:carol@chicago.com;newparam=5|sip:carol@chicago.com;security=on",
            "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com|sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
            "sip:alice@atlanta.com?subject=project%20x&priority=urgent|sip:alice@atlanta.com?priority=urgent&subject=project%20x",
    })
    void equivalentUrisOfTheRfc(String a, String b) throws MalformedSipException {
        assertThat(SipUri.parse(a).equivalentTo(SipUri.parse(b))).isTrue();
        assertThat(SipUri.parse(b).equivalentTo(SipUri.parse(a))).isTrue();
    }

    /** The URIs RFC 3261 §19.1.4 lists as not equivalent, and the reasons it gives. */
    @ParameterizedTest(name = "{0} != {1} ({2})")
    @CsvSource(delimiter = '|', value = {
            "SIP:ALICE@AtLanTa.CoM;Transport=udp|sip:alice@AtLanTa.CoM;Transport=UDP|different usernames",
            "sip:bob@biloxi.com|sip:bob@biloxi.com:5060|can resolve to different ports",
            "sip:bob@biloxi.com|sip:bob@biloxi.com;transport=udp|can resolve to different transports",
            "sip:bob@biloxi.com|sip:bob@biloxi.com:6000;transport=tcp|different port and transport",
            "sip:carol@chicago.com|sip:carol@chicago.com?Subject=next%20meeting|different header component",
            "sip:bob@phone21.boxesbybob.com|sip:bob@192.0.2.4|a host name is not its address",
            "sip:carol@chicago.com;security=on|sip:carol@chicago.com;security=off|the same parameter differs",
    })
    void nonEquivalentUrisOfTheRfc(String a, String b, String why) throws MalformedSipException {
        assertThat(SipUri.parse(a).equivalentTo(SipUri.parse(b))).as(why).isFalse();
        assertThat(SipUri.parse(b).equivalentTo(SipUri.parse(a))).as(why).isFalse();
    }

    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource(delimiter = '|', value = {
            "sip:alice@example.com|sips:alice@example.com",
            "sip:alice@example.com|sip:example.com",
            "sip:alice@example.com|sip:alice:pw@example.com",
            "sip:alice:pw@example.com|sip:alice:PW@example.com",
            "sip:alice@example.com;user=phone|sip:alice@example.com",
            "sip:alice@example.com;ttl=1|sip:alice@example.com",
            "sip:alice@example.com;method=INVITE|sip:alice@example.com",
            "sip:alice@example.com;maddr=239.1.1.1|sip:alice@example.com",
            "sip:alice@example.com;lr|sip:alice@example.com;lr=on",
            "sip:a%40b@example.com|sip:a@example.com",
            "sip:a%3bb@example.com|sip:a;b@example.com",
            "sip:alice@example.com?h=1|sip:alice@example.com?h=1&g=2",
    })
    void otherDifferences(String a, String b) throws MalformedSipException {
        assertThat(SipUri.parse(a).equivalentTo(SipUri.parse(b))).isFalse();
        assertThat(SipUri.parse(b).equivalentTo(SipUri.parse(a))).isFalse();
    }

    @Test
    void escapedHexDigitsCompareInAnyCaseAndUnreservedEscapesEqualTheirCharacter() throws MalformedSipException {
        assertThat(SipUri.parse("sip:a%3ab@x").equivalentTo(SipUri.parse("sip:a%3Ab@x"))).isTrue();
        assertThat(SipUri.parse("sip:%7Ebob@x").equivalentTo(SipUri.parse("sip:~bob@x"))).isTrue();
        assertThat(SipUri.parse("sip:bob@x;%6C%72").isLooseRouting()).isTrue();
    }

    @Test
    void aorKeyIsEqualExactlyForEquivalentUserHostAndPort() throws MalformedSipException {
        assertThat(SipUri.parse("sip:%61lice@AtLanTa.CoM;transport=tcp?x=y").aorKey()).isEqualTo("sip:alice@atlanta.com");
        assertThat(SipUri.parse("sip:Alice@atlanta.com").aorKey()).isEqualTo("sip:Alice@atlanta.com");
        assertThat(SipUri.parse("sips:bob@biloxi.com:5061").aorKey()).isEqualTo("sips:bob@biloxi.com:5061");
        assertThat(SipUri.parse("sip:a%3bb@x").aorKey()).isEqualTo("sip:a%3Bb@x");
        assertThat(SipUri.parse("sip:a;b@x").aorKey()).isEqualTo("sip:a;b@x");
        assertThat(SipUri.parse("sip:a%3Ab@x").aorKey()).isEqualTo(SipUri.parse("sip:a%3ab@x").aorKey());
        assertThat(SipUri.parse("sip:registrar.example.com").aorKey()).isEqualTo("sip:registrar.example.com");
    }

    @Test
    void opaqueUrisKeepTheirText() throws MalformedSipException {
        byte[] b = "tel:+1-201-555-0123".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Uri uri = Uri.read(b, 0, b.length, 8, "URI");
        assertThat(uri).isEqualTo(new OpaqueUri("tel", "tel:+1-201-555-0123"));
        assertThat(uri).hasToString("tel:+1-201-555-0123");
    }
}
