package io.sipcluster.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RFC 4475 files are still the RFC's bytes: a line-ending conversion would silently defeat the torture tests. */
class Rfc4475CorpusTest {
    @Test
    void everyMessageHasTheHashRecordedWhenItWasTakenFromTheRfc() throws IOException, NoSuchAlgorithmException {
        Map<String, String> expected = recordedHashes();
        assertThat(expected).hasSize(49);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String name = e.getKey().replace(".dat", "");
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Messages.rfc4475(name));
            assertThat(HexFormat.of().formatHex(digest)).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void theFuzzTestStartsFromEveryMessage() throws IOException {
        for (String file : recordedHashes().keySet()) {
            String seed = "/io/sipcluster/sip/SipParserFuzzTestInputs/parseArbitraryDatagram/rfc4475-" + file;
            try (InputStream in = Rfc4475CorpusTest.class.getResourceAsStream(seed)) {
                assertThat(in).as(seed).isNotNull();
                assertThat(in.readAllBytes()).as(seed).isEqualTo(Messages.rfc4475(file.replace(".dat", "")));
            }
        }
    }

    @Test
    void theMessagesUseCrlfLineEnds() {
        String wsinv = Messages.text(Messages.rfc4475("wsinv"));
        assertThat(wsinv).startsWith("INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\r\nTO :\r\n");
    }

    private static Map<String, String> recordedHashes() throws IOException {
        Map<String, String> hashes = new LinkedHashMap<>();
        try (InputStream in = Rfc4475CorpusTest.class.getResourceAsStream("/rfc4475/SHA256SUMS")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] parts = line.trim().split("\\s+");
                hashes.put(parts[1], parts[0]);
            }
        }
        return hashes;
    }
}
