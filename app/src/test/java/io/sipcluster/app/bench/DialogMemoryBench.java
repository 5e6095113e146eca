package io.sipcluster.app.bench;

import io.sipcluster.dialog.DialogSettings;
import io.sipcluster.dialog.Dialogs;
import io.sipcluster.dialog.ProfileLimit;
import io.sipcluster.proxy.Hop;
import io.sipcluster.proxy.ProxyConfig;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Heap held by confirmed dialogs: N calls go through the dialog hooks as the proxy calls them (INVITE admitted with
 * two profiles, 200 OK, ACK), with sipp-like headers, then the heap after a full GC is compared with the empty
 * table's. Prints a table: dialogs, MB held, bytes per dialog, MB per 10k. Run by bench/run-calls-bench.sh memory.
 */
public final class DialogMemoryBench {
    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {10_000, 100_000} : java.util.Arrays.stream(args)
                .mapToInt(Integer::parseInt).toArray();
        System.out.printf("%-10s %-10s %-16s %s%n", "dialogs", "MB held", "bytes/dialog", "MB per 10k");
        for (int n : sizes) {
            Dialogs dialogs = new Dialogs(new DialogSettings(1, 3600, "vip", 10_000_000, List.of(
                    new ProfileLimit("calls", ProfileLimit.Key.NONE, 0, 486),
                    new ProfileLimit("caller", ProfileLimit.Key.FROM_USER, 0, 486)), 30_000),
                    ProxyConfig.single(Hop.udp("192.0.2.10", 5060)));
            long before = usedAfterGc();
            SipParser parser = new SipParser();
            Hop from = Hop.udp("192.0.2.20", 5060);
            long now = System.currentTimeMillis();
            for (int i = 0; i < n; i++) {
                String callId = i + "-4711@192.0.2.20";
                String fromTag = "4711SIPpTag00" + i;
                String toTag = "4712SIPpTag01" + i;
                SipRequest invite = (SipRequest) parser.parseDatagram(bytes("INVITE sip:bob" + (i % 1000)
                        + "@192.0.2.10:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-" + i
                        + "\r\nFrom: sipp <sip:caller" + (i % 5000) + "@192.0.2.20:5060>;tag=" + fromTag
                        + "\r\nTo: <sip:bob" + (i % 1000) + "@192.0.2.10:5060>\r\nCall-ID: " + callId
                        + "\r\nCSeq: 1 INVITE\r\nContact: <sip:caller" + (i % 5000)
                        + "@192.0.2.20:5060>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"));
                dialogs.admit(invite, from, now);
                SipResponse ok = (SipResponse) parser.parseDatagram(bytes("SIP/2.0 200 OK\r\n"
                        + "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-" + i + "\r\n"
                        + "Record-Route: <sip:192.0.2.10:5060;lr>\r\nFrom: sipp <sip:caller" + (i % 5000)
                        + "@192.0.2.20:5060>;tag=" + fromTag + "\r\nTo: <sip:bob" + (i % 1000)
                        + "@192.0.2.10:5060>;tag=" + toTag + "\r\nCall-ID: " + callId + "\r\nCSeq: 1 INVITE\r\n"
                        + "Contact: <sip:192.0.2.30:5060;transport=UDP>\r\nContent-Length: 0\r\n\r\n"));
                dialogs.answered(invite, 200, ok, now);
            }
            long after = usedAfterGc();
            if (dialogs.size() != n) {
                throw new IllegalStateException("expected " + n + " dialogs, got " + dialogs.size());
            }
            double mb = (after - before) / 1e6;
            System.out.printf("%-10d %-10.1f %-16d %.1f%n", n, mb, (after - before) / n, mb * 10_000 / n);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }
}
