package io.sipcluster.bench;

import io.sipcluster.wire.BinWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Packets captured from OpenSIPS, which the benchmarks decode and re-encode. The build copies them from the wire
 * module's test resources into this jar (see bench/pom.xml), so benchmarks.jar runs from any directory.
 */
final class Vectors {
    private static final String DIR = "/vectors/opensips/";

    private Vectors() {}

    static byte[] load(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + DIR + file + " in benchmarks.jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails the trial unless the encoder reproduced the captured packet: a benchmark that measures an encoder
     * producing other bytes (shorter, say) would measure the wrong work.
     */
    static void checkSameBytes(String file, byte[] expected, BinWriter w, int length) {
        if (!Arrays.equals(expected, Arrays.copyOf(w.array(), length))) {
            throw new IllegalStateException("re-encoding " + file + " did not give the captured bytes");
        }
    }
}
