package io.sipcluster.sip;

import static io.sipcluster.sip.Messages.requestWith;
import static io.sipcluster.sip.Rfc4475Test.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Via values (RFC 3261 §20.42, RFC 3581). */
class ViaTest {
    @Test
    void sentByWithPortAndTheCommonParameters() throws MalformedSipException {
        Via v = requestWith("Via: SIP/2.0/TCP client.example.com:5061;branch=z9hG4bK74bf9;received=192.0.2.1;rport=5062;ttl=16;maddr=239.1.1.1")
                .topVia();
        assertThat(v.protocol()).isEqualTo("SIP/2.0");
        assertThat(v.transport()).isEqualTo("TCP");
        assertThat(v.host()).isEqualTo("client.example.com");
        assertThat(v.port()).isEqualTo(5061);
        assertThat(v.branch()).isEqualTo("z9hG4bK74bf9");
        assertThat(v.hasRfc3261Branch()).isTrue();
        assertThat(v.received()).isEqualTo("192.0.2.1");
        assertThat(v.hasRport()).isTrue();
        assertThat(v.rport()).isEqualTo(5062);
        assertThat(v.ttl()).isEqualTo(16);
        assertThat(v.maddr()).isEqualTo("239.1.1.1");
        assertThat(v.params().size()).isEqualTo(5);
    }

    @Test
    void ipv6SentByAndIpv6Received() throws MalformedSipException {
        Via v = requestWith("Via: SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bKas3;received=2001:db8::9:255;rport")
                .topVia();
        assertThat(v.host()).isEqualTo("[2001:db8::9:1]");
        assertThat(v.port()).isEqualTo(5070);
        assertThat(v.received()).isEqualTo("2001:db8::9:255");
        assertThat(v.hasRport()).isTrue();
        assertThat(v.rport()).as("empty: asks to be filled in").isEqualTo(-1);
    }

    @Test
    void absentOptionalPartsAreMinusOneOrNull() throws MalformedSipException {
        Via v = requestWith("Via: SIP/2.0/UDP host").topVia();
        assertThat(v.port()).isEqualTo(-1);
        assertThat(v.branch()).isNull();
        assertThat(v.hasRfc3261Branch()).isFalse();
        assertThat(v.received()).isNull();
        assertThat(v.hasRport()).isFalse();
        assertThat(v.rport()).isEqualTo(-1);
        assertThat(v.ttl()).isEqualTo(-1);
        assertThat(v.maddr()).isNull();
    }

    @Test
    void whitespaceAroundSlashesColonAndSemicolons() throws MalformedSipException {
        Via v = requestWith("Via: sip / 2.0 / udp   host.example.com : 5060 ; branch = z9hG4bKx ; rport").topVia();
        assertThat(v.protocol()).isEqualTo("sip/2.0");
        assertThat(v.transport()).isEqualTo("udp");
        assertThat(v.host()).isEqualTo("host.example.com");
        assertThat(v.port()).isEqualTo(5060);
        assertThat(v.branch()).isEqualTo("z9hG4bKx");
        assertThat(v.text()).isEqualTo("sip / 2.0 / udp   host.example.com : 5060 ; branch = z9hG4bKx ; rport");
    }

    @Test
    void severalValuesPerLineAndSeveralLinesKeepTheirOrder() throws MalformedSipException {
        SipRequest r = requestWith(
                "Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/TCP b;branch=z9hG4bK2",
                "v: SIP/2.0/TLS c;branch=z9hG4bK3 ,SIP/2.0/SCTP d",
                "Via: SIP/2.0/WS e");
        List<Via> vias = r.vias();
        assertThat(vias).extracting(Via::host).containsExactly("a", "b", "c", "d", "e");
        assertThat(vias).extracting(Via::transport).containsExactly("UDP", "TCP", "TLS", "SCTP", "WS");
        assertThat(r.topVia().host()).isEqualTo("a");
        assertThat(r.topVia()).isSameAs(r.topVia());
    }

    @Test
    void theTopViaIsReadAloneButItsLineMustStillBeWellFormedUpToTheNextValue() throws MalformedSipException {
        // The second value is broken: topVia does not read it, vias does.
        SipRequest r = requestWith("Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0 b");
        assertThat(r.topVia().host()).isEqualTo("a");
        assertField(r::vias, "Via");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "SIP/2.0/UDP|Via",
            "SIP/2.0 host|Via",
            "SIP/2.0/UDPhost|Via",
            "SIP//2.0/UDP host|Via",
            "SIP/2.0/UDP host;|Via",
            "SIP/2.0/UDP host;;branch=z9hG4bK1|Via",
            "SIP/2.0/UDP host;branch=|Via",
            "SIP/2.0/UDP host,|Via",
            "SIP/2.0/UDP host,,SIP/2.0/UDP h2|Via",
            "SIP/2.0/UDP host junk|Via",
            "SIP/2.0/UDP host:|Via",
            "SIP/2.0/UDP host:65536|Via",
            "SIP/2.0/UDP [2001:db8::1|Via",
            "SIP/2.0/UDP host;branch|Via.branch",
            "SIP/2.0/UDP host;branch=\"z9hG4bK1\"|Via.branch",
            "SIP/2.0/UDP host;received|Via.received",
            "SIP/2.0/UDP host;ttl=256|Via.ttl",
            "SIP/2.0/UDP host;ttl|Via.ttl",
            "SIP/2.0/UDP host;rport=70000|Via.rport",
            "SIP/2.0/UDP host;rport=x|Via.rport",
            "SIP/2.0/UDP host;maddr=a!b|Via.maddr",
            "SIP/2.0/UDP host;maddr|Via.maddr",
            "SIP/2.0/UDP host;branch=z9hG4bK1;branch=z9hG4bK2|Via",
    })
    void malformedViasAreRefusedNamingTheField(String value, String field) throws MalformedSipException {
        SipRequest r = requestWith("Via: " + value);
        assertField(r::vias, field);
    }

    @Test
    void aMissingViaIsNamed() throws MalformedSipException {
        SipRequest r = requestWith("Call-ID: x");
        assertField(r::topVia, "Via");
        assertField(r::vias, "Via");
    }
}
