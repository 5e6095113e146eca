package io.sipcluster.app.bench;

import io.sipcluster.app.node.RunningNode;
import io.sipcluster.app.testing.FreePorts;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.dialog.Dialogs;
import io.sipcluster.proxy.Hop;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): replication lag of dialogs between two nodes over real BIN connections on loopback. Both
 * nodes run in this JVM so that one clock times both ends: a call is stamped when node A's dialogs take its 200 OK
 * (and queue the CREATED packet) and when node B has stored it. Calls are paced at a fixed rate for a fixed time.
 *
 * <pre>bench/run-calls-bench.sh lag [rate per second] [seconds]</pre>
 */
public final class DialogLagBench {
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("dialog-lag-bench-");
        int[] bin = new int[3];
        for (int id = 1; id <= 2; id++) {
            bin[id] = FreePorts.tcp();
        }
        for (int id = 1; id <= 2; id++) {
            Files.writeString(dir.resolve("node" + id + ".yaml"), """
                    node_id: %d
                    listen: [bin:127.0.0.1:%d]
                    clusters:
                      - id: 1
                        url: bin:127.0.0.1:%d
                        seed: %s
                        neighbours: [{id: %d, url: "bin:127.0.0.1:%d"}]
                    management: {enabled: false}
                    sip:
                      listen: [udp:127.0.0.1:%d]
                    usrloc: {mode: full-sharing-cluster, cluster: 1}
                    calls:
                      dialog: {cluster: 1, default_timeout: 1h, max_dialogs: 5000000}
                    """.formatted(id, bin[id], bin[id], id == 1, 3 - id, bin[3 - id], FreePorts.udp()));
        }
        try (RunningNode a = RunningNode.start(dir.resolve("node1.yaml"));
             RunningNode b = RunningNode.start(dir.resolve("node2.yaml"))) {
            var replicationB = b.calls().orElseThrow().replication().orElseThrow();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (replicationB.syncStatus().state() != SyncStatus.State.SYNCED && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            Dialogs onA = a.calls().orElseThrow().dialogs();
            Dialogs onB = b.calls().orElseThrow().dialogs();
            int total = rate * seconds;
            long[] sentAt = new long[total];
            long[] seenAt = new long[total];
            ConcurrentHashMap<String, Integer> index = new ConcurrentHashMap<>();
            onB.addReplicaListener(d -> {
                Integer i = index.get(d.callId());
                if (i != null && seenAt[i] == 0) {
                    seenAt[i] = System.nanoTime();
                }
            });
            SipParser parser = new SipParser();
            Hop from = Hop.udp("127.0.0.1", 5999);
            long start = System.nanoTime();
            long periodNanos = 1_000_000_000L / rate;
            for (int i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                LagReport.awaitDue(due);
                String callId = "lag-" + i;
                SipRequest invite = (SipRequest) parser.parseDatagram(bytes("INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK" + i + "\r\nMax-Forwards: 70\r\n"
                        + "From: <sip:alice@bench.example>;tag=f" + i + "\r\nTo: <sip:bob@bench.example>\r\n"
                        + "Call-ID: " + callId + "\r\nCSeq: 1 INVITE\r\nContact: <sip:alice@127.0.0.1:5999>\r\n"
                        + "Content-Length: 0\r\n\r\n"));
                SipResponse ok = (SipResponse) parser.parseDatagram(bytes("SIP/2.0 200 OK\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK" + i + "\r\n"
                        + "From: <sip:alice@bench.example>;tag=f" + i + "\r\nTo: <sip:bob@bench.example>;tag=t" + i
                        + "\r\nCall-ID: " + callId + "\r\nCSeq: 1 INVITE\r\nContact: <sip:bob@127.0.0.1:6000>\r\n"
                        + "Content-Length: 0\r\n\r\n"));
                onA.admit(invite, from, System.currentTimeMillis());
                index.put(callId, i);
                sentAt[i] = System.nanoTime();
                onA.answered(invite, 200, ok, System.currentTimeMillis());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (onB.size() < total && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            LagReport.print(rate, seconds, sentAt, seenAt);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
