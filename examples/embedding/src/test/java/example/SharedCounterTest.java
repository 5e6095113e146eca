package example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Keeps the embedding example true: it runs, syncs a late joiner, replicates, and moves the tag. */
class SharedCounterTest {
    @Test
    void theExampleRunsAsDocumented() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long value = SharedCounter.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(value).isEqualTo(42);
        assertThat(out).contains("counter on node 1: 42, on node 2: 42")
                .contains("SyncDone")
                .contains("after the switchover, active on node 2: true");
    }
}
