package io.sipcluster.usrloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.wire.Str;
import org.junit.jupiter.api.Test;

/** The packed text fields of a binding come back exactly, whatever their lengths. */
class BindingTest {
    @Test
    void everyFieldComesBackAsGivenIncludingLongAndEmptyOnes() {
        Str longPath = Str.of("<sip:" + "p".repeat(20_000) + "@proxy;lr>");
        Binding b = new Binding(Str.of("sip:a@10.0.0.1"), Str.of("call-1"), 7, 1_700_000_600L, 500, longPath,
                Str.of("sip:198.51.100.1:4000"), Str.of("UA/1.0"), 3, Str.of("NAT PING"), Str.of("udp:10.0.0.9:5060"),
                Str.of("\"<urn:uuid:1>\""), 2, 0x1F, Str.EMPTY, Str.of("vip"), 1_700_000_000L);
        assertThat(b.contactUri()).isEqualTo(Str.of("sip:a@10.0.0.1"));
        assertThat(b.callid()).isEqualTo(Str.of("call-1"));
        assertThat(b.path()).isEqualTo(longPath);
        assertThat(b.received()).isEqualTo(Str.of("sip:198.51.100.1:4000"));
        assertThat(b.userAgent()).isEqualTo(Str.of("UA/1.0"));
        assertThat(b.cflags()).isEqualTo(Str.of("NAT PING"));
        assertThat(b.socket()).isEqualTo(Str.of("udp:10.0.0.9:5060"));
        assertThat(b.instance()).isEqualTo(Str.of("\"<urn:uuid:1>\""));
        assertThat(b.attr()).isSameAs(Str.EMPTY);
        assertThat(b.ownerTag()).isEqualTo(Str.of("vip"));
        assertThat(new int[] {b.cseq(), b.q(), b.flags(), b.regId(), b.methods()}).containsExactly(7, 500, 3, 2, 0x1F);
        assertThat(b.expires()).isEqualTo(1_700_000_600L);
        assertThat(b.lastModified()).isEqualTo(1_700_000_000L);
        assertThat(b.contactUriIs(Str.of("sip:a@10.0.0.1"))).isTrue();
        assertThat(b.contactUriIs(Str.of("sip:a@10.0.0.2"))).isFalse();
        assertThat(b.callidIs(Str.of("call-"))).isFalse();
    }

    @Test
    void equalBindingsAreEqualAndADifferentFieldIsNot() {
        Binding a = Binding.of("sip:a@h", "c", 1, 100, 1000, 50).withOwnerTag("vip");
        assertThat(a).isEqualTo(Binding.of("sip:a@h", "c", 1, 100, 1000, 50).withOwnerTag("vip"))
                .hasSameHashCodeAs(Binding.of("sip:a@h", "c", 1, 100, 1000, 50).withOwnerTag("vip"));
        assertThat(a).isNotEqualTo(Binding.of("sip:a@h", "c", 1, 100, 1000, 50));
        assertThat(a).isNotEqualTo(Binding.of("sip:a@h", "c", 2, 100, 1000, 50).withOwnerTag("vip"));
        // "ab"+"" must not equal "a"+"b": lengths are part of the packing
        Binding ab = new Binding(Str.of("ab"), Str.EMPTY, 1, 0, 0, null, null, null, 0, null, null, null, 0, -1, null,
                null, 0);
        Binding aB = new Binding(Str.of("a"), Str.of("b"), 1, 0, 0, null, null, null, 0, null, null, null, 0, -1, null,
                null, 0);
        assertThat(ab).isNotEqualTo(aB);
    }
}
