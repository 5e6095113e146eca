package io.sipcluster.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinUrlTest {
    @Test
    void parsesOpenSipsSocketSyntax() {
        assertThat(BinUrl.parse("bin:10.0.0.1:5566")).isEqualTo(new BinUrl(false, "10.0.0.1", 5566));
        assertThat(BinUrl.parse("bins:10.0.0.1")).isEqualTo(new BinUrl(true, "10.0.0.1", 5556));
        assertThat(BinUrl.parse("bin:node-a.example")).isEqualTo(new BinUrl(false, "node-a.example", 5555));
        assertThat(BinUrl.parse("bin:[::1]:7000")).isEqualTo(new BinUrl(false, "::1", 7000));
        assertThat(BinUrl.parse("bin:[::1]:7000").toString()).isEqualTo("bin:[::1]:7000");
        assertThat(BinUrl.parse("bin:0.0.0.0:5555").isWildcard()).isTrue();
    }

    @Test
    void rejectsWhatIsNotABinUrl() {
        assertThatThrownBy(() -> BinUrl.parse("udp:10.0.0.1:5060")).hasMessageContaining("not a BIN url");
        assertThatThrownBy(() -> BinUrl.parse("bin:10.0.0.1:x")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> BinUrl.parse("bin:10.0.0.1:70000")).hasMessageContaining("outside 0..65535");
        assertThatThrownBy(() -> BinUrl.parse("bin:::1:5555")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> BinUrl.parse("bin::5555")).hasMessageContaining("without a host");
    }
}
