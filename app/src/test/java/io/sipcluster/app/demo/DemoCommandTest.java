package io.sipcluster.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's first command: the demo forms a cluster, loses and regains a node, moves a tag, and says so. */
class DemoCommandTest {
    @Test
    void theDemoRunsEveryStepAndExitsZero() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("demo");

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("every node reaches the two others")
                .contains("dlg_list on node 3 (dialog-dlg-repl)")
                .contains("wrote the CDR")
                .contains("link_state: Up")
                .containsPattern("node 1 declared node 3 down after \\d+ ms")
                .contains("all three reach each other again")
                .contains("node 1: backup, node 2: active, node 3: backup")
                .contains("demo done: every step did what it should.")
                .doesNotContain("FAILED");
    }
}
