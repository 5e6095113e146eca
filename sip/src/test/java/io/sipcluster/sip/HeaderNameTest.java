package io.sipcluster.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every known name and compact form is recognised in any case; nothing else is. */
class HeaderNameTest {
    @ParameterizedTest
    @EnumSource(value = HeaderName.class, names = "OTHER", mode = EnumSource.Mode.EXCLUDE)
    void everyNameInAnyCaseAndItsCompactForm(HeaderName h) {
        assertThat(HeaderName.of(h.canonical())).isEqualTo(h);
        assertThat(HeaderName.of(h.canonical().toUpperCase(Locale.ROOT))).isEqualTo(h);
        assertThat(HeaderName.of(h.canonical().toLowerCase(Locale.ROOT))).isEqualTo(h);
        if (h.compact() != '\0') {
            assertThat(HeaderName.of(String.valueOf(h.compact()))).isEqualTo(h);
            assertThat(HeaderName.of(String.valueOf(Character.toUpperCase(h.compact())))).isEqualTo(h);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X-Via", "Vias", "Vi", "Call-I", "Call-IDs", "Call_ID", "Call\rID", "C%6Fntact",
            "g", "z", "Content-Lengths", "Contact ", "Record-Routes", "Max-Forward"})
    void otherNamesAreOther(String name) {
        assertThat(HeaderName.of(name)).isEqualTo(HeaderName.OTHER);
    }

    @Test
    void thereIsRoomForEveryNameInThePresenceMasks() {
        assertThat(HeaderName.values().length).isLessThanOrEqualTo(Long.SIZE);
    }
}
