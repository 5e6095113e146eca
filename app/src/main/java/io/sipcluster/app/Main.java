package io.sipcluster.app;

import io.sipcluster.app.inspect.BinCommand;
import io.sipcluster.app.demo.DemoCommand;
import io.sipcluster.app.node.NodeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sipcluster} command: runs a node, the demo, management calls and the packet tools. */
@Command(name = "sipcluster", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Clustering for SIP services, wire-compatible with OpenSIPS clusterer (BIN).",
        subcommands = {NodeCommand.class, BinCommand.class, DemoCommand.class, MiCliCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command tree, for callers (tests) that redirect its output. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"sipcluster " + (v != null ? v : "development build")};
        }
    }
}
