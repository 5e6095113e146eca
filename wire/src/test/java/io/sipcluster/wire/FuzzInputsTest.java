package io.sipcluster.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.wire.testing.GoldenVectors;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The decoder's fuzzing starts from every captured packet; a vector added later must be added there too. */
class FuzzInputsTest {
    private static final String DECODER_INPUTS = "BinDecoderFuzzTestInputs/decodeArbitraryBytes/";

    @Test
    void theDecoderSeedCorpusHoldsEveryGoldenVector() throws IOException {
        for (GoldenVectors.Vector v : GoldenVectors.all()) {
            try (InputStream in = FuzzInputsTest.class.getResourceAsStream(DECODER_INPUTS + v.file())) {
                assertThat(in).as("seed for %s", v.file()).isNotNull();
                assertThat(in.readAllBytes()).as(v.file()).isEqualTo(v.bytes());
            }
        }
    }

    private static final String MODULE_BODY_INPUTS = "BinDecoderFuzzTestInputs/decodeModuleBodies/";

    /** The module-body decoders start from every captured dialog, profile and rate-limit packet. */
    @Test
    void theModuleBodySeedCorpusHoldsEveryDialogProfileAndPipeVector() throws IOException {
        for (GoldenVectors.Vector v : GoldenVectors.all()) {
            String cap = v.header("capability");
            if (!cap.equals("dialog-dlg-repl") && !cap.equals("dialog-prof-repl") && !cap.equals("ratelimit-pipe-repl")) {
                continue;
            }
            try (InputStream in = FuzzInputsTest.class.getResourceAsStream(MODULE_BODY_INPUTS + v.file())) {
                assertThat(in).as("seed for %s", v.file()).isNotNull();
                assertThat(in.readAllBytes()).as(v.file()).isEqualTo(v.bytes());
            }
        }
    }
}
