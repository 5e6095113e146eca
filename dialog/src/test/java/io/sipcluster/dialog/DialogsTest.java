package io.sipcluster.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.proxy.CallHooks;
import io.sipcluster.proxy.Hop;
import io.sipcluster.proxy.ProxyConfig;
import io.sipcluster.proxy.Target;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class DialogsTest {
    static final Hop PROXY = Hop.udp("10.0.0.1", 5060);
    static final Hop CALLER = Hop.udp("10.0.0.10", 5070);
    final SipParser parser = new SipParser();
    final List<CallRecord> records = new ArrayList<>();
    final List<String> replicated = new ArrayList<>();
    final List<String> byes = new ArrayList<>();
    final Map<String, Boolean> backup = new ConcurrentHashMap<>();
    final List<String> sentText = new ArrayList<>();
    final List<java.util.function.IntConsumer> finals = new ArrayList<>();
    long pingInterval;

    Dialogs dialogs(String tag, ProfileLimit... limits) {
        Dialogs d = new Dialogs(new DialogSettings(1, 60, tag, 1000, List.of(limits), 30_000, pingInterval),
                ProxyConfig.single(PROXY));
        d.recordTo(records::add);
        d.replicateTo(new DialogReplicationSink() {
            @Override
            public void created(Dialog x) {
                replicated.add("created " + x.callId());
            }

            @Override
            public void updated(Dialog x) {
                replicated.add("updated " + x.callId() + " " + x.state());
            }

            @Override
            public void deleted(Dialog x) {
                replicated.add("deleted " + x.callId());
            }
        });
        d.sendRequestsWith((method, to, build, onFinal) -> {
            String text = new String(build.apply("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKx"), StandardCharsets.UTF_8);
            sentText.add(text);
            finals.add(onFinal);
            if (method.equals("BYE")) {
                byes.add(to + " " + text.split("\r\n")[0]);
            }
        });
        d.tagsChanged(t -> backup.getOrDefault(t, false));
        return d;
    }

    SipRequest invite(String callId, String fromUser) throws Exception {
        return (SipRequest) parser.parseDatagram(("INVITE sip:bob@10.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.10:5070;branch=z9hG4bK" + callId + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:" + fromUser + "@10.0.0.1>;tag=a-" + callId + "\r\n"
                + "To: <sip:bob@10.0.0.1>\r\nCall-ID: " + callId + "\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:" + fromUser + "@10.0.0.10:5070>\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    SipResponse ok(String callId, String fromUser) throws Exception {
        return (SipResponse) parser.parseDatagram(("SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.10:5070;branch=z9hG4bK" + callId + "\r\n"
                + "Record-Route: <sip:10.0.0.1:5060;lr>\r\n"
                + "From: <sip:" + fromUser + "@10.0.0.1>;tag=a-" + callId + "\r\n"
                + "To: <sip:bob@10.0.0.1>;tag=b-" + callId + "\r\nCall-ID: " + callId + "\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:bob@10.0.0.21:5080>\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }

    SipRequest inDialog(String method, String callId, String fromUser, int cseq) throws Exception {
        return (SipRequest) parser.parseDatagram((method + " sip:bob@10.0.0.21:5080 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.10:5070;branch=z9hG4bK" + method + callId + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:" + fromUser + "@10.0.0.1>;tag=a-" + callId + "\r\n"
                + "To: <sip:bob@10.0.0.1>;tag=b-" + callId + "\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " "
                + method + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void call(Dialogs d, String callId, String fromUser, long now) throws Exception {
        SipRequest inv = invite(callId, fromUser);
        assertThat(d.admit(inv, CALLER, now)).isNull();
        d.answered(inv, 200, ok(callId, fromUser), now + 100);
        d.inDialog(inDialog("ACK", callId, fromUser, 1), CALLER, now + 110);
    }

    @Test
    void aCallIsReplicatedWhenAnsweredAndEndedByByeWithOneRecord() throws Exception {
        Dialogs d = dialogs("");
        call(d, "c1", "alice", 1_000_000);
        assertThat(replicated).containsExactly("created c1", "updated c1 CONFIRMED");
        Target next = d.inDialog(inDialog("BYE", "c1", "alice", 2), CALLER, 1_005_000).target();
        assertThat(next.destination()).isEqualTo(Hop.udp("10.0.0.21", 5080));
        assertThat(replicated).last().isEqualTo("deleted c1");
        assertThat(records).hasSize(1);
        CallRecord r = records.get(0);
        assertThat(r.endReason()).isEqualTo("bye-caller");
        assertThat(r.answerMillis() - r.startMillis()).isEqualTo(100);
        assertThat(r.durationSeconds()).isEqualTo(4);
        assertThat(d.size()).isZero();
    }

    @Test
    void aRefusedOrUnansweredInviteLeavesNoDialogAndNoRecord() throws Exception {
        Dialogs d = dialogs("");
        SipRequest inv = invite("c2", "alice");
        d.admit(inv, CALLER, 1000);
        assertThat(d.size()).isEqualTo(1);
        d.answered(inv, 486, null, 2000);
        assertThat(d.size()).isZero();
        assertThat(records).isEmpty();
        assertThat(replicated).isEmpty();
    }

    @Test
    void profileLimitsRefuseTheCallOverTheLimitCountingRemoteNodes() throws Exception {
        Dialogs d = dialogs("", new ProfileLimit("caller", ProfileLimit.Key.FROM_USER, 2, 486),
                new ProfileLimit("calls", ProfileLimit.Key.NONE, 3, 403));
        call(d, "p1", "alice", 1000);
        call(d, "p2", "alice", 1000);
        CallHooks.Refusal third = d.admit(invite("p3", "alice"), CALLER, 1000);
        assertThat(third).isNotNull();
        assertThat(third.status()).isEqualTo(486);
        call(d, "p4", "carol", 1000);
        assertThat(d.admit(invite("p5", "dave"), CALLER, 1000).status()).as("3 calls in all").isEqualTo(403);
        d.inDialog(inDialog("BYE", "p4", "carol", 2), CALLER, 2000);
        assertThat(d.admit(invite("p5", "dave"), CALLER, 1000)).isNull();
        d.answered(invite("p5", "dave"), 404, null, 1000);
        d.remoteCounts((profile, value, now) -> profile.equals("calls") ? 1 : 0);
        assertThat(d.admit(invite("p6", "dave"), CALLER, 1000).status()).as("two here and one elsewhere").isEqualTo(403);
    }

    @Test
    void onlyTheActiveTagHolderEndsExpiredCallsAndWritesTheirRecords() throws Exception {
        Dialogs active = dialogs("vip");
        call(active, "t1", "alice", 1_000_000);
        assertThat(active.expire(1_000_000 + 59_000)).isZero();
        assertThat(active.expire(1_000_000 + 61_000)).isEqualTo(1);
        assertThat(byes).containsExactlyInAnyOrder("UDP:10.0.0.21:5080 BYE sip:bob@10.0.0.21:5080 SIP/2.0",
                "UDP:10.0.0.10:5070 BYE sip:alice@10.0.0.10:5070 SIP/2.0");
        assertThat(records).extracting(CallRecord::endReason).containsExactly("timeout");

        records.clear();
        byes.clear();
        backup.put("vip", true);
        Dialogs standby = dialogs("vip");
        call(standby, "t2", "alice", 1_000_000);
        assertThat(standby.expire(1_000_000 + 61_000)).as("backup waits for the active node").isZero();
        assertThat(byes).isEmpty();
        backup.put("vip", false);
        standby.tagsChanged(t -> backup.getOrDefault(t, false));
        assertThat(standby.expire(1_000_000 + 62_000)).as("now active: it ends the call").isEqualTo(1);
        assertThat(records).hasSize(1);
    }

    @Test
    void aBackupWritesTheRecordOfACallEndedElsewhereOnlyIfItTakesTheTagOver() throws Exception {
        backup.put("vip", true);
        Dialogs b = dialogs("vip");
        call(b, "h1", "alice", 1_000_000);
        call(b, "h2", "alice", 1_000_000);
        assertThat(b.applyDelete("h1", "a-h1", "b-h1", 0, 1_005_000)).isTrue();
        assertThat(b.applyDelete("h2", "a-h2", "b-h2", 0, 1_006_000)).isTrue();
        assertThat(records).isEmpty();
        b.expire(1_000_000 + 35_500); // h1's handover time (30 s) is over: the active node wrote it
        backup.put("vip", false);
        b.tagsChanged(t -> backup.getOrDefault(t, false));
        assertThat(records).extracting(CallRecord::callId).containsExactly("h2");
        assertThat(records.get(0).endReason()).isEqualTo("replicated");
    }

    @Test
    void theTagHolderWritesTheRecordOfACallThatEndedOnTheBackup() throws Exception {
        Dialogs active = dialogs("vip");
        call(active, "k1", "alice", 1_000_000);
        assertThat(active.applyDelete("k1", "a-k1", "b-k1", 0, 1_003_000)).isTrue();
        assertThat(records).extracting(CallRecord::callId).containsExactly("k1");
        Dialogs untagged = dialogs("");
        call(untagged, "k2", "alice", 1_000_000);
        untagged.applyDelete("k2", "a-k2", "b-k2", 0, 1_003_000);
        assertThat(records).as("an untagged call's record is the ending node's").hasSize(1);
    }

    @Test
    void pingsGoToBothPartiesAndTheCallerIsRenumberedAfterwards() throws Exception {
        pingInterval = 20_000;
        Dialogs d = dialogs("");
        call(d, "g1", "alice", 1_000_000);
        assertThat(d.ping(1_010_000)).as("not due yet").isZero();
        assertThat(d.ping(1_020_200)).isEqualTo(2);
        assertThat(sentText).hasSize(2);
        assertThat(sentText.get(0)).startsWith("OPTIONS sip:bob@10.0.0.21:5080 SIP/2.0").contains("CSeq: 2 OPTIONS",
                "From: <sip:alice@10.0.0.1>;tag=a-g1", "To: <sip:bob@10.0.0.1>;tag=b-g1");
        assertThat(sentText.get(1)).startsWith("OPTIONS sip:alice@10.0.0.10:5070 SIP/2.0").contains("CSeq: 1 OPTIONS");
        finals.forEach(f -> f.accept(200));
        // the caller's BYE (its CSeq 2) reaches the callee as 3: the callee saw our OPTIONS with 2
        CallHooksView bye = new CallHooksView(d.inDialog(inDialog("BYE", "g1", "alice", 2), CALLER, 1_030_000));
        assertThat(bye.cseq()).isEqualTo(3);
        assertThat(records).hasSize(1);
    }

    @Test
    void aPartyThatDoesNotAnswerThePingEndsTheCall() throws Exception {
        pingInterval = 5_000;
        Dialogs d = dialogs("");
        call(d, "g2", "alice", 1_000_000);
        d.ping(1_006_000);
        finals.get(0).accept(200);
        finals.get(1).accept(408);
        assertThat(d.size()).isZero();
        assertThat(records).extracting(CallRecord::endReason).containsExactly("ping-failed");
        assertThat(byes).hasSize(2);
        assertThat(d.counters().pingFailures()).isEqualTo(1);
    }

    /** The dialog's answer for an in-dialog request, by its CSeq. */
    record CallHooksView(io.sipcluster.proxy.CallHooks.InDialog answer) {
        long cseq() {
            return answer.cseq();
        }
    }

    @Test
    void aFromWithoutATagStillGivesOneCallWithOneRecord() throws Exception {
        Dialogs d = dialogs("");
        SipRequest inv = (SipRequest) parser.parseDatagram(("INVITE sip:bob@10.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.10:5070;branch=z9hG4bKn1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:old@10.0.0.1>\r\nTo: <sip:bob@10.0.0.1>\r\nCall-ID: n1\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:old@10.0.0.10:5070>\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(d.admit(inv, CALLER, 1_000)).isNull();
        SipResponse ok = (SipResponse) parser.parseDatagram(("SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.10:5070;branch=z9hG4bKn1\r\nFrom: <sip:old@10.0.0.1>\r\n"
                + "To: <sip:bob@10.0.0.1>;tag=b-n1\r\nCall-ID: n1\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:bob@10.0.0.21:5080>\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        d.answered(inv, 200, ok, 1_100);
        SipRequest bye = (SipRequest) parser.parseDatagram(("BYE sip:bob@10.0.0.21:5080 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.10:5070;branch=z9hG4bKn2\r\nMax-Forwards: 70\r\n"
                + "From: <sip:old@10.0.0.1>\r\nTo: <sip:bob@10.0.0.1>;tag=b-n1\r\nCall-ID: n1\r\nCSeq: 2 BYE\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        d.inDialog(bye, CALLER, 5_000);
        assertThat(records).extracting(CallRecord::callerTag).containsExactly("");
    }

    @Test
    void aTrunkIsLimitedByItsSourceAddress() throws Exception {
        Dialogs d = dialogs("", new ProfileLimit("trunk", ProfileLimit.Key.SOURCE_IP, 1, 503));
        assertThat(d.admit(invite("t1", "a"), CALLER, 1000)).isNull();
        assertThat(d.admit(invite("t2", "b"), CALLER, 1000).status()).isEqualTo(503);
        assertThat(d.admit(invite("t3", "c"), Hop.udp("10.0.0.99", 5060), 1000)).as("another trunk").isNull();
    }
}
