package io.sipcluster.app.demo;

import static io.sipcluster.app.demo.DemoCluster.CLUSTER;
import static io.sipcluster.app.demo.DemoCluster.TAG;

import com.fasterxml.jackson.databind.JsonNode;
import io.sipcluster.mgmt.client.MiClient;
import io.sipcluster.mgmt.client.MiResultFormatter;
import io.sipcluster.mgmt.http.ManagementSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sipcluster demo}: a local 3-node cluster on loopback, provisioned from an embedded SQLite table. It forms,
 * takes registrations on one node and shows them on the others, proxies a call whose dialog every node holds and
 * whose CDR the tag holder writes, loses a node and sees it, gets it back (its
 * registrations synced from a donor), moves a sharing tag through management, and stops. Each step is
 * checked: the exit code is 0 only if all of them did what they should within their time limits.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a local 3-node cluster on loopback and show it at work (formation, replicated "
                + "registrations, a replicated call with its CDR, failure, recovery with a sync, a sharing-tag "
                + "switchover).")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keep", description = "keep the demo's files (node files, SQLite table) afterwards")
    boolean keep;

    @Option(names = "--verbose", description = "show the nodes' log lines (standard error) too")
    boolean verbose;

    /** How many phones register in the demo. */
    static final int PHONES = 200;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (!verbose) {
            // The narration is the demo's output; the nodes' own INFO lines would drown it.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Path dir = Files.createTempDirectory("sipcluster-demo-");
        try (DemoCluster cluster = new DemoCluster(dir, 3, ManagementSettings.generateToken())) {
            cluster.provision();
            say("sipcluster demo: 3 nodes on loopback in one cluster, provisioned from an SQLite clusterer table");
            say("  files: " + dir + " (node1.yaml .. node3.yaml, cluster.db)");
            boolean ok = form(cluster) && registrations(cluster) && call(cluster) && loseAndRecover(cluster)
                    && switchTag(cluster);
            say("");
            say("[7] stopping the nodes");
            cluster.close();
            say(ok ? "demo done: every step did what it should." : "demo FAILED: see the step above.");
            return ok ? 0 : 1;
        } finally {
            if (!keep) {
                deleteTree(dir);
            }
            out.flush();
        }
    }

    private boolean form(DemoCluster cluster) throws Exception {
        say("");
        say("[1] starting nodes 1, 2 and 3 (timings: fast, a silent node is declared down in under 1 s)");
        long start = System.nanoTime();
        for (int id = 1; id <= cluster.size(); id++) {
            cluster.start(id);
            say("    node " + id + ": BIN " + cluster.binUrl(id) + ", management " + cluster.mgmtEndpoint(id));
        }
        long formed = waitFor(cluster::fullyConnected, 10_000);
        if (formed < 0) {
            return fail("the cluster did not form within 10 s");
        }
        say("    formed " + millis(System.nanoTime() - start) + " ms after the first start: every node reaches "
                + "the two others");
        say("    clusterer_list on node 1 (JSON-RPC over HTTP, as `sipcluster mi clusterer_list` prints it):");
        JsonNode list = mi(cluster, 1).call("clusterer_list");
        for (String line : MiResultFormatter.text(list).split("\n")) {
            say("      " + line);
        }
        return true;
    }

    private boolean loseAndRecover(DemoCluster cluster) throws Exception {
        say("");
        say("[4] node 3 goes silent: `clusterer_set_status 1 3 0` on node 3 makes it ignore the cluster, as a hung");
        say("    host would (its connections stay open, so only unanswered pings can tell)");
        mi(cluster, 3).call("clusterer_set_status", List.of(String.valueOf(CLUSTER), "3", "0"));
        long[] silent = detectLoss(cluster);
        if (silent == null) {
            return fail("nodes 1 and 2 did not notice the silent node within 5 s");
        }
        say("    node 1 declared node 3 down after " + silent[1] + " ms, node 2 after " + silent[2] + " ms");
        mi(cluster, 3).call("clusterer_set_status", List.of(String.valueOf(CLUSTER), "3", "1"));
        long back = waitFor(cluster::fullyConnected, 10_000);
        if (back < 0) {
            return fail("node 3 did not come back after being enabled");
        }
        say("    enabled again (`clusterer_set_status 1 3 1`): back in " + back + " ms");

        say("");
        say("[5] node 3 stops (its process would be gone: connections close)");
        cluster.stop(3);
        long[] gone = detectLoss(cluster);
        if (gone == null) {
            return fail("nodes 1 and 2 did not see node 3 go within 5 s");
        }
        say("    node 1 saw node 3 down after " + gone[1] + " ms, node 2 after " + gone[2] + " ms");
        say("    node 3 starts again");
        long t1 = System.nanoTime();
        cluster.start(3);
        if (waitFor(cluster::fullyConnected, 10_000) < 0) {
            return fail("node 3 did not rejoin within 10 s");
        }
        say("    back " + millis(System.nanoTime() - t1) + " ms after its start: all three reach each other again");
        int registered = PHONES + 1; // and the callee of step 3
        long synced = waitFor(() -> cluster.usrlocSynced(3) && cluster.contacts(3) == registered, 10_000);
        if (synced < 0) {
            return fail("node 3 did not get the " + registered + " registrations back: it holds "
                    + cluster.contacts(3));
        }
        say("    node 3 started with an empty location table and synced all " + registered + " registrations from a "
                + "donor, " + millis(System.nanoTime() - t1) + " ms after its start");
        return true;
    }

    private boolean registrations(DemoCluster cluster) throws Exception {
        say("");
        say("[2] " + PHONES + " phones register on node 1 (REGISTER over UDP to " + cluster.sipAddress(1) + ")");
        long t0 = System.nanoTime();
        int ok;
        try (DemoPhones phones = new DemoPhones()) {
            ok = phones.register(cluster.sipAddress(1), 1, PHONES, 3600, 1, 10_000);
        }
        if (ok != PHONES) {
            return fail("only " + ok + " of " + PHONES + " REGISTERs were answered 200 by node 1");
        }
        long answered = millis(System.nanoTime() - t0);
        long replicated = waitFor(() -> cluster.contacts(2) == PHONES && cluster.contacts(3) == PHONES, 10_000);
        if (replicated < 0) {
            return fail("the registrations did not reach nodes 2 and 3: they hold " + cluster.contacts(2) + " and "
                    + cluster.contacts(3));
        }
        say("    all answered 200 OK in " + answered + " ms; nodes 2 and 3 held all " + PHONES + " "
                + (replicated == 0 ? "by then" : replicated + " ms later") + " (usrloc-contact-repl broadcasts)");
        say("    ul_show_contact location " + DemoPhones.aor(7) + " on node 3:");
        JsonNode shown = mi(cluster, 3).call("ul_show_contact", List.of("location", DemoPhones.aor(7)));
        for (String line : MiResultFormatter.text(shown).split("\n")) {
            say("      " + line);
        }
        say("    all three nodes started empty, so none could serve a sync: node 1, the seed, declares its table the");
        say("    cluster's once it sees every other node up and empty (OpenSIPS waits out seed_fallback, 5 s), then");
        say("    nodes 2 and 3 sync from it (merging with what they already hold, not replacing it)");
        long synced = waitFor(() -> cluster.usrlocSynced(1) && cluster.usrlocSynced(2) && cluster.usrlocSynced(3),
                10_000);
        if (synced < 0) {
            return fail("usrloc did not become synced on every node within 10 s");
        }
        say("    usrloc synced on every node " + millis(System.nanoTime() - cluster.startedAt()) + " ms after the "
                + "first start; each holds " + cluster.contacts(1) + ", " + cluster.contacts(2) + " and "
                + cluster.contacts(3) + " bindings");
        return true;
    }

    private boolean call(DemoCluster cluster) throws Exception {
        say("");
        say("[3] a call: a callee registers on node 1; a caller calls " + DemoCall.CALLEE + " through node 1, which");
        say("    finds the callee in the location table and proxies the INVITE (Record-Route keeps it in the path)");
        try (DemoCall call = new DemoCall()) {
            if (!call.registerCallee(cluster.sipAddress(1))) {
                return fail("the callee's REGISTER was not answered 200");
            }
            long t0 = System.nanoTime();
            int status = call.invite(cluster.sipAddress(1));
            if (status != 200) {
                return fail("the INVITE got " + (status == 0 ? "no final answer" : status) + ", not 200");
            }
            call.ack(cluster.sipAddress(1));
            say("    200 OK in " + millis(System.nanoTime() - t0) + " ms; the caller acknowledges it through node 1");
            if (waitFor(() -> confirmedDialogs(cluster, 2) == 1 && confirmedDialogs(cluster, 3) == 1, 5_000) < 0) {
                return fail("the confirmed call did not reach nodes 2 and 3");
            }
            JsonNode d = mi(cluster, 3).call("dlg_list").path("Dialogs").get(0);
            say("    dlg_list on node 3 (dialog-dlg-repl): ID " + d.path("ID").asText() + ", state "
                    + d.path("state").asInt() + " (confirmed), callid " + d.path("callid").asText());
            say("    (nodes 2 and 3 hold the call too: the one that takes \"" + TAG + "\" over would end it)");
            int bye = call.bye(cluster.sipAddress(1));
            if (bye != 200) {
                return fail("the BYE got " + (bye == 0 ? "no answer" : bye) + ", not 200");
            }
            Path cdr = cluster.dir().resolve("cdr-node1.csv");
            if (waitFor(() -> confirmedDialogs(cluster, 3) == 0 && lines(cdr) == 2, 5_000) < 0) {
                return fail("after the BYE the call is still on node 3, or node 1 wrote no CDR");
            }
            say("    the caller hangs up: 200 OK; the dialog is gone from every node; node 1 (holding \"" + TAG
                    + "\") wrote the CDR:");
            say("      " + Files.readAllLines(cdr).get(1));
        }
        return true;
    }

    private static long confirmedDialogs(DemoCluster cluster, int id) {
        return cluster.node(id).calls().orElseThrow().dialogs().confirmed().size();
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Milliseconds until nodes 1 and 2 each stopped reaching node 3 (indexes 1 and 2), or null after 5 s. */
    private static long[] detectLoss(DemoCluster cluster) throws InterruptedException {
        long t0 = System.nanoTime();
        long[] seen = new long[3];
        long done = waitFor(() -> {
            for (int id = 1; id <= 2; id++) {
                if (seen[id] == 0 && !cluster.node(id).node().view(CLUSTER).reachable().contains(3)) {
                    seen[id] = Math.max(1, millis(System.nanoTime() - t0));
                }
            }
            return seen[1] != 0 && seen[2] != 0;
        }, 5_000);
        return done < 0 ? null : seen;
    }

    private boolean switchTag(DemoCluster cluster) throws Exception {
        say("");
        say("[6] sharing tag \"" + TAG + "\": node 1 starts active (its file says so), nodes 2 and 3 backup");
        if (waitFor(() -> tagsAre(cluster, 1), 5_000) < 0) {
            return fail("the tag is not active on node 1 alone: " + tagStates(cluster));
        }
        say("    " + tagStates(cluster));
        say("    clusterer_shtag_set_active " + TAG + "/" + CLUSTER + " on node 2 (what a failover script runs)");
        long t0 = System.nanoTime();
        JsonNode answer = mi(cluster, 2).call("clusterer_shtag_set_active", List.of(TAG + "/" + CLUSTER));
        if (waitFor(() -> tagsAre(cluster, 2), 5_000) < 0) {
            return fail("the tag did not move to node 2: " + tagStates(cluster));
        }
        say("    answer " + answer + "; " + millis(System.nanoTime() - t0) + " ms later: " + tagStates(cluster));
        return true;
    }

    /** Whether {@code holder} is the only running node with the tag active. */
    private static boolean tagsAre(DemoCluster cluster, int holder) {
        for (int id : cluster.running()) {
            Map<String, Boolean> tags = cluster.node(id).node().sharingTags(CLUSTER);
            if (!Boolean.valueOf(id == holder).equals(tags.get(TAG))) {
                return false;
            }
        }
        return true;
    }

    private static String tagStates(DemoCluster cluster) {
        StringBuilder b = new StringBuilder();
        for (int id : cluster.running()) {
            Boolean active = cluster.node(id).node().sharingTags(CLUSTER).get(TAG);
            b.append(b.length() == 0 ? "" : ", ").append("node ").append(id).append(": ")
                    .append(active == null ? "unknown" : active ? "active" : "backup");
        }
        return b.toString();
    }

    private static MiClient mi(DemoCluster cluster, int id) {
        return new MiClient(URI.create(cluster.mgmtEndpoint(id)), cluster.token(), Duration.ofSeconds(5));
    }

    /** Polls {@code condition} every millisecond; the milliseconds it took, or -1 past {@code limitMillis}. */
    private static long waitFor(BooleanSupplier condition, long limitMillis) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (millis(System.nanoTime() - start) > limitMillis) {
                return -1;
            }
            Thread.sleep(1);
        }
        return millis(System.nanoTime() - start);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private boolean fail(String why) {
        say("    FAILED: " + why);
        return false;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
