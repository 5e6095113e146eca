package io.sipcluster.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinUrlTest {
    @Test
    void theFullFormIsParsedAndPrintedCanonically() {
        assertThat(BinUrl.parse("bin:10.0.0.1:5555")).isEqualTo(new BinUrl(BinUrl.Proto.BIN, "10.0.0.1", 5555));
        assertThat(BinUrl.parse("BINS:Node-1.Example.net:5556").toString()).isEqualTo("bins:node-1.example.net:5556");
        assertThat(BinUrl.parse("bin:[2001:DB8::1]:5555").toString()).isEqualTo("bin:[2001:db8::1]:5555");
    }

    @Test
    void theFullFormRefusesWhatOpenSipsWouldGuess() {
        assertThatThrownBy(() -> BinUrl.parse("10.0.0.1:5555")).hasMessage(BinUrl.EXPECTED_FORM);
        assertThatThrownBy(() -> BinUrl.parse("bin:10.0.0.1")).hasMessageContaining("the port is missing");
        assertThatThrownBy(() -> BinUrl.parse("tls:10.0.0.1:5555")).hasMessage(BinUrl.EXPECTED_FORM);
        assertThatThrownBy(() -> BinUrl.parse("bin:2001:db8::1:5555")).hasMessageContaining("IPv6 address in brackets");
        assertThatThrownBy(() -> BinUrl.parse("bin:[zz::1]:5555")).hasMessageContaining("is not an IPv6 address");
        assertThatThrownBy(() -> BinUrl.parse("bin:host name:5555")).hasMessageContaining("is not a host name");
        assertThatThrownBy(() -> BinUrl.parse("bin:10.0.0.1:0")).hasMessage("port must be 1-65535, got 0");
        assertThatThrownBy(() -> BinUrl.parse("bin:10.0.0.1:55x")).hasMessageContaining("port must be a number");
    }

    @Test
    void theTableFormFollowsOpenSipsDefaults() {
        assertThat(BinUrl.parseLenient("10.0.0.1")).isEqualTo(BinUrl.parse("bin:10.0.0.1:5555"));
        assertThat(BinUrl.parseLenient("10.0.0.1:6000")).isEqualTo(BinUrl.parse("bin:10.0.0.1:6000"));
        assertThat(BinUrl.parseLenient("localhost:6000")).isEqualTo(BinUrl.parse("bin:localhost:6000"));
        assertThat(BinUrl.parseLenient("bins:10.0.0.1")).isEqualTo(BinUrl.parse("bins:10.0.0.1:5556"));
        assertThatThrownBy(() -> BinUrl.parseLenient("udp:10.0.0.1")).hasMessageContaining("'udp' is not bin or bins");
    }

    @Test
    void aListenerOnEveryAddressServesAnyHostOnItsPortAndTransport() {
        BinUrl any = BinUrl.parse("bin:0.0.0.0:5555");
        assertThat(BinUrl.parse("bin:10.0.0.1:5555").isServedBy(any)).isTrue();
        assertThat(BinUrl.parse("bins:10.0.0.1:5555").isServedBy(any)).isFalse();
        assertThat(BinUrl.parse("bin:10.0.0.1:5556").isServedBy(any)).isFalse();
        assertThat(BinUrl.parse("bin:10.0.0.1:5555").isServedBy(BinUrl.parse("bin:10.0.0.2:5555"))).isFalse();
    }

    @Test
    void onlyLiteralLoopbackAddressesCountAsLoopback() {
        assertThat(HostPort.parse("127.0.0.1:8888", "").isLoopback()).isTrue();
        assertThat(HostPort.parse("127.1.2.3:8888", "").isLoopback()).isTrue();
        assertThat(HostPort.parse("[::1]:8888", "").isLoopback()).isTrue();
        assertThat(HostPort.parse("localhost:8888", "").isLoopback()).isTrue();
        assertThat(HostPort.parse("0.0.0.0:8888", "").isLoopback()).isFalse();
        assertThat(HostPort.parse("cafe:8888", "").isLoopback()).as("a name is not looked up").isFalse();
        assertThat(HostPort.parse("10.0.0.1:8888", "").isLoopback()).isFalse();
    }

    @Test
    void whatTheRuntimeConnectsToParsesLeniently() {
        assertThat(BinUrl.parseLenient("bins:10.0.0.1")).isEqualTo(new BinUrl(BinUrl.Proto.BINS, "10.0.0.1", 5556));
        assertThat(BinUrl.parseLenient("bin:node-a.example")).isEqualTo(new BinUrl(BinUrl.Proto.BIN, "node-a.example", 5555));
        BinUrl v6 = BinUrl.parseLenient(io.sipcluster.wire.Str.of("bin:[::1]:7000"));
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.toString()).isEqualTo("bin:[::1]:7000");
        assertThat(v6.withPort(7001).toString()).isEqualTo("bin:[::1]:7001");
        assertThat(BinUrl.parseLenient("bin:0.0.0.0:5555").isWildcard()).isTrue();
        assertThatThrownBy(() -> BinUrl.parseLenient("bin:::1:5555")).hasMessageContaining("brackets");
    }
}
