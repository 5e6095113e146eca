package io.sipcluster.app.node;

import io.sipcluster.provisioning.Problem;
import io.sipcluster.provisioning.config.InvalidConfigException;
import io.sipcluster.provisioning.sql.ProvisioningException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sipcluster node --config FILE}: runs one node until the process is told to stop (SIGTERM or Ctrl-C),
 * then shuts it down cleanly.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a cluster node configured by a YAML node file (see docs/configuration.md).")
public final class NodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the node file")
    Path config;

    @Option(names = "--check", description = "check the node file (and read the clusterer table) without starting")
    boolean checkOnly;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        RunningNode node;
        try {
            if (checkOnly) {
                RunningNode.check(config);
                spec.commandLine().getOut().println(config + ": OK");
                return 0;
            }
            node = RunningNode.start(config);
        } catch (InvalidConfigException e) {
            err.println(config + ": " + e.problems().size() + " problem(s), nothing started:");
            e.problems().forEach(p -> err.println("  " + p));
            err.flush();
            return 2;
        } catch (ProvisioningException e) {
            err.println(config + ": the clusterer table cannot provision this node: " + e.getMessage());
            for (Problem p : e.problems()) {
                err.println("  " + p);
            }
            err.flush();
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(config + ": " + e.getMessage() + "; nothing started");
            err.flush();
            return 2;
        } catch (IllegalStateException e) {
            // a part of the node that needs an outside resource (the location table's database) cannot start
            err.println(config + ": " + e.getMessage() + "; nothing started");
            err.flush();
            return 1;
        } catch (java.io.UncheckedIOException | java.io.IOException e) {
            err.println(config + ": cannot listen (BIN or management port): " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "sipcluster-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return 0;
    }
}
