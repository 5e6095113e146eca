package io.sipcluster.app.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sipcluster.app.testing.FreePorts;
import io.sipcluster.app.testing.NodeProcesses;
import io.sipcluster.mgmt.client.MiClient;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls through two {@code sipcluster node} processes on loopback, driven by sipp (Debian {@code sip-tester};
 * skipped without it) with CDRs in PostgreSQL (skipped if it does not answer): an active/backup pair sharing the
 * tag {@code vip}, whose holder also holds the floating SIP address the phones use.
 */
class CallsProcessTest {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final int DIALOG_TIMEOUT_SECONDS = 10;
    private static final int CALL_LIMIT = 10;

    @TempDir
    Path dir;

    private final String cdrTable = String.format("cdr_%08x", ThreadLocalRandom.current().nextInt() & 0x7fffffff);
    private final int[] bin = new int[3];
    private final int[] mgmt = new int[3];
    private final int[] sip = new int[3];
    private final int[] sipTcp = new int[3];
    private final Process[] nodes = new Process[3];
    private int floating;
    private int uasPort;
    private Process uas;
    private File sipp;

    @BeforeEach
    void provision() throws Exception {
        sipp = NodeProcesses.onPath("sipp");
        assumeTrue(sipp != null, "sipp is not installed (Debian package sip-tester): skipping");
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            assertThat(c.isValid(2)).isTrue();
        } catch (SQLException down) {
            assumeTrue(false, "PostgreSQL does not answer: " + down.getMessage());
        }
        floating = FreePorts.udp();
        uasPort = FreePorts.udp();
        for (int id = 1; id <= 2; id++) {
            bin[id] = FreePorts.tcp();
            mgmt[id] = FreePorts.tcp();
            sip[id] = FreePorts.udp();
            sipTcp[id] = FreePorts.tcp();
        }
    }

    /** Both node files; {@code extraCalls} adds lines to their {@code calls} section. */
    private void writeConfigs(String extraCalls) throws IOException {
        for (int id = 1; id <= 2; id++) {
            int other = 3 - id;
            Files.writeString(dir.resolve("node" + id + ".yaml"), """
                    node_id: %d
                    listen: [bin:127.0.0.1:%d]
                    timings: fast
                    clusters:
                      - id: 1
                        url: bin:127.0.0.1:%d
                        seed: %s
                        neighbours: [{id: %d, url: "bin:127.0.0.1:%d"}]
                        sharing_tags: {vip: %s}
                    management: {auth: none, listen: "127.0.0.1:%d"}
                    sip:
                      listen: [udp:127.0.0.1:%d, tcp:127.0.0.1:%d]
                    usrloc:
                      mode: full-sharing-cluster
                      cluster: 1
                    calls:
                      record_route: "sip:127.0.0.1:%d;lr"
                      addresses: ["127.0.0.1:%d", "127.0.0.1:%d"]
                      floating: {address: "127.0.0.1:%d", sharing_tag: vip}
                      dialog: {cluster: 1, sharing_tag: vip, default_timeout: %ds}
                      profile_cluster: 1
                      cdr:
                        sql: {url: "%s", user: postgres, table: %s}
                    """.formatted(id, bin[id], bin[id], id == 1, other, bin[other], id == 1 ? "active" : "backup",
                    mgmt[id], sip[id], sipTcp[id], floating, sip[1], sip[2], floating, DIALOG_TIMEOUT_SECONDS,
                    POSTGRES, cdrTable) + extraCalls);
        }
    }

    @AfterEach
    void stop(org.junit.jupiter.api.TestInfo info) throws Exception {
        // the logs of each test are kept under target/ for a look after a failure
        Path keep = Path.of("target", "calls-logs", info.getDisplayName().replaceAll("[^A-Za-z0-9]", ""));
        Files.createDirectories(keep);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (uas != null) {
            uas.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (Process p : nodes) {
            if (p != null) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + cdrTable);
        } catch (SQLException ignored) {
            // the table was never made
        }
    }

    @Test
    void callsThroughTheFloatingAddressCompleteWithOneRecordEach() throws Exception {
        startBoth();
        registerCallee(1);
        Process uac = uac("short", floating, 100, 50, 0);
        assertThat(uac.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(uac.exitValue()).as("sipp: every call completed; see %s", log("short")).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cdrCount() == 100);
        assertThat(cdrNodes()).containsExactly(1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> dialogs(2).size() == 0 && dialogs(1).size() == 0);
    }

    @Test
    void callsComeInAndGoOutOverTcp() throws Exception {
        startBoth();
        registerCallee(1, true);
        Process uac = uac("tcp", sipTcp[1], 50, 25, 0, true);
        assertThat(uac.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(uac.exitValue()).as("sipp over TCP both ways: every call completed; see %s", log("tcp")).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cdrCount() == 50);
    }

    @Test
    void theConcurrentCallLimitHoldsWithCallsSplitOverBothNodes() throws Exception {
        startBoth("""
                  limits:
                    - {profile: calls, max: %d, status: 486}
                """.formatted(CALL_LIMIT));
        registerCallee(1);
        // 2 x 10 calls of 20 s, 4 new calls a second on each node: the limit of 10 is reached after ~1.3 s
        Process a = uac("limit-a", sip[1], 10, 4, 20_000);
        Process b = uac("limit-b", sip[2], 10, 4, 20_000);
        // every one of the 20 INVITEs answered: set up (held on node 1, which learns node 2's calls) or refused
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> dialogs(1).size() + refused(1) + refused(2) == 20);
        int held = dialogs(1).size();
        int onB = dialogs(2).size();
        // what B creates is counted by A (the tag holder) once replicated, and A's count reaches B every 200 ms:
        // calls set up in the same ~300 ms on both nodes may pass together
        assertThat(held).as("calls up, seen on node 1").isBetween(CALL_LIMIT, CALL_LIMIT + 2);
        assertThat(onB).as("node 2 holds the same calls").isEqualTo(held);
        a.destroyForcibly();
        b.destroyForcibly();
    }

    @Test
    void afterAKillAndATagSwitchTheBackupEndsEveryCallAndWritesEachRecordOnce() throws Exception {
        startBoth();
        registerCallee(1);
        Process early = uac("early", floating, 10, 10, 300);        // over before the kill: node 1's records
        Process shortCalls = uac("short", floating, 10, 10, 7_000); // the caller hangs up 7 s after answer
        Process longCalls = uac("long", floating, 10, 10, -1);      // nobody hangs up: the timeout ends them
        assertThat(early.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(early.exitValue()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> cdrCount() == 10 && confirmed(2) == 20);
        nodes[1].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        JsonNode answer = mi(2).call("clusterer_shtag_set_active", List.of("vip/1"));
        assertThat(answer.asText()).isEqualTo("OK");
        assertThat(shortCalls.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(shortCalls.exitValue()).as("BYEs through node 2 answered; see %s", log("short")).isZero();
        assertThat(longCalls.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(longCalls.exitValue()).as("node 2 ended the calls past their timeout; see %s", log("long"))
                .isZero();
        // 30 rows, and still 30 a second later: nothing is written twice
        Awaitility.await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(1)).until(() -> cdrCount() == 30);
        assertThat(cdrsBy(1)).as("written by node 1 before it died").isEqualTo(10);
        assertThat(cdrsBy(2)).as("written by node 2 after the switch").isEqualTo(20);
        assertThat(dialogs(2).size()).isZero();
    }

    @Test
    void theCallsPerSecondLimitHoldsAcrossNodesWithinTheStatedBound() throws Exception {
        int limit = 20;
        startBoth("""
                  pipes:
                    - {name: cps, algorithm: taildrop, limit: %d, interval: 1s, status: 503}
                  pipe_cluster: 1
                """.formatted(limit));
        registerCallee(1);
        long begin = System.currentTimeMillis();
        // each node is offered 20 calls a second for 5 s: twice the cluster's limit
        Process a = uac("cps-a", sip[1], 100, 20, 0);
        Process b = uac("cps-b", sip[2], 100, 20, 0);
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long end = System.currentTimeMillis();
        // the last records reach the table (written behind): the count stays put for half a second
        Awaitility.await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(500))
                .until(() -> cdrCount() > 0 && cdrCount() == lastCount.getAndSet(cdrCount()));
        long windows = end / 1000 - begin / 1000 + 1;
        // Pipes' bound for 2 nodes offered 20/s each, broadcast 200 ms, delay < 50 ms: limit + min(10, 20 * 0.25)
        long perWindow = limit + Math.min(limit / 2, (long) Math.ceil(20 * 0.25));
        long passed = cdrCount();
        System.out.printf("cps: %d calls passed in %d windows of 1 s (limit %d, bound %d per window)%n", passed,
                windows, limit, perWindow);
        assertThat(passed).isBetween((windows - 2) * limit, windows * perWindow);
        JsonNode pipe = mi(1).call("rl_list").path("Pipes").get(0);
        assertThat(pipe.path("refused").asLong()).isPositive();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void startBoth() throws Exception {
        startBoth("");
    }

    private void startBoth(String extraCalls) throws Exception {
        writeConfigs(extraCalls);
        start(1);
        start(2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                "Up".equals(linkState(1, 2)) && "Up".equals(linkState(2, 1)));
    }

    private void registerCallee(int node) throws Exception {
        registerCallee(node, false);
    }

    /** The callee registers from its own port (no NAT), then sipp answers there, over TCP if {@code tcp}. */
    private void registerCallee(int node, boolean tcp) throws Exception {
        // chosen now, free for both protocols: a port picked earlier may since have become a node's outgoing
        // connection's (TCP) while free for UDP
        uasPort = FreePorts.udpAndTcp();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), uasPort))) {
            s.setSoTimeout(2_000);
            String text = "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + uasPort + ";branch=z9hG4bK-reg-callee\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:bob@127.0.0.1>;tag=r1\r\nTo: <sip:bob@127.0.0.1>\r\n"
                    + "Call-ID: reg-callee\r\nCSeq: 1 REGISTER\r\nContact: <sip:bob@127.0.0.1:" + uasPort
                    + (tcp ? ";transport=tcp" : "") + ">;expires=3600\r\nContent-Length: 0\r\n\r\n";
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), sip[node])));
            DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
            s.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII))
                    .startsWith("SIP/2.0 200");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                mi(3 - node).call("ul_dump").toString().contains("bob@127.0.0.1"));
        ProcessBuilder pb = new ProcessBuilder(sipp.getPath(), "-sn", "uas", "-i", "127.0.0.1", "-p",
                Integer.toString(uasPort), "-t", tcp ? "t1" : "u1", "-nostdin", "-trace_err", "-error_file",
                dir.resolve("uas-err.log").toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("uas.log").toFile());
        uas = pb.start();
        Thread.sleep(300);
    }

    /**
     * sipp calling bob through {@code port}: {@code calls} calls at {@code rate} a second; the caller hangs up
     * {@code holdMillis} after the answer, or with -1 waits for a BYE from the proxy.
     */
    private Process uac(String name, int port, int calls, int rate, int holdMillis) throws Exception {
        return uac(name, port, calls, rate, holdMillis, false);
    }

    private Process uac(String name, int port, int calls, int rate, int holdMillis, boolean tcp) throws Exception {
        Path scenario = dir.resolve(name + ".xml");
        Files.writeString(scenario, Scenarios.caller(holdMillis));
        ProcessBuilder pb = new ProcessBuilder(sipp.getPath(), "-sf", scenario.toString(), "-s", "bob",
                "-i", "127.0.0.1", "-p", Integer.toString(tcp ? FreePorts.tcp() : FreePorts.udp()), "-t",
                tcp ? "t1" : "u1", "127.0.0.1:" + port,
                "-r", Integer.toString(rate), "-m", Integer.toString(calls), "-l", Integer.toString(calls),
                "-timeout", "60s", "-timeout_error", "-nostdin", "-trace_err", "-error_file",
                dir.resolve(name + "-err.log").toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log(name).toFile());
        return pb.start();
    }

    private Path log(String name) {
        return dir.resolve(name + ".log");
    }

    private long cdrCount() throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + cdrTable)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException noTableYet) {
            return -1;
        }
    }

    private final java.util.concurrent.atomic.AtomicLong lastCount = new java.util.concurrent.atomic.AtomicLong(-2);

    /** INVITEs node {@code node} refused for a limit, from its metrics. */
    private long refused(int node) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        String text = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + mgmt[node] + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (line.startsWith("sipcluster_proxy_refused_total ")) {
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        return 0;
    }

    private long cdrsBy(int node) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + cdrTable + " WHERE node_id = " + node)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Integer> cdrNodes() throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT node_id FROM " + cdrTable + " ORDER BY node_id")) {
            List<Integer> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
            return out;
        }
    }

    private JsonNode dialogs(int node) throws Exception {
        return mi(node).call("dlg_list").path("Dialogs");
    }

    private long confirmed(int node) throws Exception {
        long n = 0;
        for (JsonNode d : dialogs(node)) {
            if (d.path("state").asInt() == 4) {
                n++;
            }
        }
        return n;
    }

    private String linkState(int from, int to) throws Exception {
        return NodeProcesses.linkState(mi(from), to);
    }

    private void start(int id) throws IOException {
        nodes[id] = NodeProcesses.start(dir.resolve("node" + id + ".yaml"), dir.resolve("node" + id + ".log"));
    }

    private MiClient mi(int id) {
        return NodeProcesses.mi(mgmt[id]);
    }

}
