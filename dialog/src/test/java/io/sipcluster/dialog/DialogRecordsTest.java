package io.sipcluster.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.dialog.DialogCodec;
import io.sipcluster.wire.dialog.DialogMessage;
import io.sipcluster.wire.dialog.DialogRecord;
import org.junit.jupiter.api.Test;

class DialogRecordsTest {
    @Test
    void aDialogSurvivesTheWireInBothVersionsWithItsTagProfilesAndNumbering() throws Exception {
        Dialog d = new Dialog("c1@host", "ft", "sip:alice@example.com", "sip:bob@example.com");
        d.calleeTag = "tt";
        d.hId = 77;
        d.state = DialogState.CONFIRMED;
        d.startSeconds = 1_795_000_000L;
        d.timeoutSeconds = 1_795_003_600L;
        d.callerCseq = "5";
        d.calleeCseq = "";
        d.callerContact = "sip:alice@192.0.2.1:5060";
        d.calleeContact = "sip:bob@192.0.2.2:5060;transport=tcp";
        d.calleeLastGenCseq = 9;
        d.sharingTag = "vip";
        d.values.put(DialogValues.SHARING_TAG, "vip");
        d.values.put("odd|name#", "a\\b");
        d.profiles.add(new Dialog.ProfileEntry("caller", "alice"));
        d.profiles.add(new Dialog.ProfileEntry("calls", ""));
        for (int version = 4; version <= 5; version++) {
            ModulePacket p = DialogCodec.created(DialogRecords.toRecord(d), version);
            DialogRecord r = ((DialogMessage.Created) DialogCodec.decode(p)).dialog();
            assertThat(r.calleeCseq()).as("OpenSIPS's callee_cseq: requests to the callee, the caller's").isEqualTo("5");
            assertThat(r.profiles()).isEqualTo("caller/b#1#alice|calls/b#1#|");
            Dialog back = DialogRecords.fromRecord(r);
            assertThat(back.callerCseq).isEqualTo("5");
            assertThat(back.calleeCseq).isEqualTo("0");
            assertThat(back.sharingTag).isEqualTo("vip");
            assertThat(back.values).containsEntry("odd|name#", "a\\b");
            assertThat(back.profiles).containsExactly(new Dialog.ProfileEntry("caller", "alice"),
                    new Dialog.ProfileEntry("calls", ""));
            assertThat(back.calleeLastGenCseq).isEqualTo(9);
            assertThat(back.timeoutSeconds).isEqualTo(1_795_003_600L);
            assertThat(back.state).isEqualTo(DialogState.CONFIRMED);
            assertThat(back.isReplicated()).isTrue();
        }
    }

    @Test
    void remoteProfileCountsExpireAndAreForgottenWithTheirNode() {
        RemoteProfileCounts r = new RemoteProfileCounts(10_000);
        r.update(2, "calls", "", 5, 1_000);
        r.update(3, "calls", "", 4, 1_000);
        r.update(3, "caller", "alice", 1, 1_000);
        assertThat(r.count("calls", "", 2_000)).isEqualTo(9);
        r.update(2, "calls", "", 2, 5_000);
        assertThat(r.count("calls", "", 6_000)).as("replaced, not added").isEqualTo(6);
        assertThat(r.count("calls", "", 12_000)).as("node 3's count is stale").isEqualTo(2);
        r.forget(2);
        assertThat(r.count("calls", "", 12_000)).isZero();
        r.update(3, "caller", "alice", 0, 12_000);
        assertThat(r.count("caller", "alice", 12_000)).isZero();
        r.purge(30_000);
        assertThat(r.size()).isZero();
    }
}
