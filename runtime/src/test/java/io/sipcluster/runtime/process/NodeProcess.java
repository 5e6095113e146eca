package io.sipcluster.runtime.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link NodeMain} running as a child JVM on the test class path, with its output lines to wait on. */
public final class NodeProcess implements AutoCloseable {
    /** Small and quick to start: these nodes idle or exchange pings. */
    public static final List<String> TEST_JVM_FLAGS = List.of("-Xmx64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k");

    private final int nodeId;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Writer stdin;

    private NodeProcess(int nodeId, Process process) {
        this.nodeId = nodeId;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "node-" + nodeId + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts node {@code nodeId} of the cluster whose urls are {@code urls} (node 1 first).
     *
     * @param logFile where the node's standard error (its log) goes
     */
    public static NodeProcess start(int nodeId, String profile, List<String> urls, List<String> jvmFlags, Path logFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NodeMain.class.getName());
        cmd.add(Integer.toString(nodeId));
        cmd.add(profile);
        cmd.addAll(urls);
        try {
            Files.createDirectories(logFile.getParent());
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            return new NodeProcess(nodeId, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process died; waiting callers time out with the lines seen so far
        }
    }

    public int nodeId() {
        return nodeId;
    }

    public long pid() {
        return process.pid();
    }

    /** The first output line matching {@code p} (already printed or to come), or an AssertionError after the timeout. */
    public synchronized String await(Predicate<String> p, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (p.test(lines.get(checked))) {
                    return lines.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("node " + nodeId + ": no " + what + " within " + timeout + "; output: " + lines);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for {@code NodeUp} or {@code NodeDown} of {@code other}; returns the event's time. */
    public Instant awaitEvent(String type, int other, Duration timeout) throws InterruptedException {
        String needle = type + "[clusterId=1, nodeId=" + other + "]";
        String line = await(l -> l.startsWith("EVENT ") && l.endsWith(needle), timeout, needle);
        long micros = Long.parseLong(line.split(" ")[1]);
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
    }

    /** Forgets the lines seen so far, so that later waits see only new ones. */
    public synchronized void forget() {
        lines.clear();
    }

    public void command(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends a signal (STOP, CONT) with the system's kill command. */
    public void signal(String name) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the node to stop; kills it if it has not within a few seconds. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                command("quit");
            } catch (IOException e) {
                // stdin already closed: kill below
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    public static Duration between(Instant a, Instant b) {
        return Duration.between(a, b);
    }
}
