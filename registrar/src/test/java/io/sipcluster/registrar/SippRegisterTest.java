package io.sipcluster.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded REGISTER load from sipp (Debian {@code sip-tester}) against the UDP registrar on 127.0.0.1: 200 calls at
 * 100/s (unless {@code sipp.calls}/{@code sipp.rate} say otherwise), each registering a distinct AoR; every call must get a 200 with a To tag and the granted expires in its
 * Contact, and the store must then hold every AoR. Skipped when sipp is not installed.
 */
class SippRegisterTest {
    /** Calls and rate; {@code -Dsipp.calls=} and {@code -Dsipp.rate=} change them for a longer manual run. */
    static final int CALLS = Integer.getInteger("sipp.calls", 200);
    static final int RATE = Integer.getInteger("sipp.rate", 100);

    private static final String SCENARIO = """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <!DOCTYPE scenario SYSTEM "sipp.dtd">
            <scenario name="registrar-register">
              <send retrans="500">
                <![CDATA[

                  REGISTER sip:registrar.test SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  Max-Forwards: 70
                  From: <sip:[service][call_number]@registrar.test>;tag=[pid]T[call_number]
                  To: <sip:[service][call_number]@registrar.test>
                  Call-ID: [call_id]
                  CSeq: 1 REGISTER
                  Contact: <sip:[service][call_number]@[local_ip]:[local_port]>
                  Expires: 3600
                  Content-Length: 0

                ]]>
              </send>
              <recv response="200">
                <action>
                  <ereg regexp="expires=3600" search_in="hdr" header="Contact:" check_it="true" assign_to="c"/>
                  <ereg regexp=";tag=" search_in="hdr" header="To:" check_it="true" assign_to="t"/>
                </action>
              </recv>
              <Reference variables="c,t"/>
            </scenario>
            """;

    @Test
    void sippRegistersDistinctUsersWithoutFailures(@TempDir Path dir) throws Exception {
        File sipp = sippOnPath();
        assumeTrue(sipp != null, "sipp is not installed (Debian package sip-tester): skipping the sipp REGISTER run");

        TestLocation store = TestLocation.onSystemClock();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (UdpRegistrar server = UdpRegistrar.start(new Registrar(store.store, RegistrarConfig.DEFAULTS),
                new InetSocketAddress(loopback, 0))) {
            Path scenario = dir.resolve("register.xml");
            Files.writeString(scenario, SCENARIO, StandardCharsets.ISO_8859_1);
            Path stats = dir.resolve("stats.csv");
            Path log = dir.resolve("sipp.log");
            String service = "u" + Long.toHexString(System.nanoTime()) + "x";
            List<String> command = List.of(sipp.getPath(),
                    "127.0.0.1:" + server.localAddress().getPort(),
                    "-sf", scenario.toString(), "-i", "127.0.0.1", "-p", Integer.toString(freeUdpPort(loopback)),
                    "-s", service, "-r", Integer.toString(RATE), "-m", Integer.toString(CALLS),
                    "-l", Integer.toString(RATE * 4), "-recv_timeout", "5000",
                    "-timeout", (CALLS / RATE + 60) + "s", "-timeout_error",
                    "-nostdin", "-trace_stat", "-stf", stats.toString(), "-fd", "1",
                    "-trace_err", "-error_file", dir.resolve("errors.log").toString());
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean ended = p.waitFor(CALLS / RATE + 90, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.ISO_8859_1);
            assertThat(ended).as("sipp ended in time; output:%n%s", tail(output)).isTrue();

            long[] result = successfulAndFailed(stats);
            System.out.printf("sipp: %d calls at %d/s: %d successful, %d failed; server %s (%s)%n", CALLS, RATE,
                    result[0], result[1], server.counters(), server.transportKind());
            assertThat(p.exitValue()).as("sipp exit code; output:%n%s", tail(output)).isZero();
            assertThat(result[1]).as("failed calls").isZero();
            assertThat(result[0]).as("successful calls").isEqualTo(CALLS);
            assertThat(server.counters().answeredCount(200)).isGreaterThanOrEqualTo(CALLS);
            for (int i = 1; i <= CALLS; i++) {
                String aor = "sip:" + service + i + "@registrar.test";
                assertThat(store.bindings(aor)).as(aor).hasSize(1);
            }
            assertThat(store.aors()).hasSize(CALLS);
        }
    }

    private static File sippOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, "sipp");
            if (f.isFile() && f.canExecute()) {
                return f;
            }
        }
        return null;
    }

    private static int freeUdpPort(InetAddress on) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(on, 0))) {
            return s.getLocalPort();
        }
    }

    /** SuccessfulCall(C) and FailedCall(C) from the last row of sipp's statistics file. */
    private static long[] successfulAndFailed(Path stats) throws Exception {
        List<String> lines = Files.readAllLines(stats, StandardCharsets.ISO_8859_1);
        List<String> header = Arrays.asList(lines.get(0).split(";"));
        String[] last = lines.get(lines.size() - 1).split(";");
        int ok = header.indexOf("SuccessfulCall(C)");
        int failed = header.indexOf("FailedCall(C)");
        assertThat(ok).as("SuccessfulCall(C) column").isNotNegative();
        assertThat(failed).as("FailedCall(C) column").isNotNegative();
        return new long[] {Long.parseLong(last[ok].trim()), Long.parseLong(last[failed].trim())};
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}
