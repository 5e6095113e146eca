package io.sipcluster.wire.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage;
import io.sipcluster.wire.ratelimit.PipeCodec;
import io.sipcluster.wire.testing.GoldenVectors;
import io.sipcluster.wire.testing.GoldenVectors.Field;
import io.sipcluster.wire.testing.GoldenVectors.Vector;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dialog, profile and pipe codecs against OpenSIPS 3.6's captured packets, and against bad input. */
class DialogVectorsTest {
    private static List<Vector> of(String capability) {
        return GoldenVectors.all().stream().filter(v -> v.header("capability").equals(capability)).toList();
    }

    private static Map<String, String> body(Vector v) {
        return v.section("body").stream().collect(Collectors.toMap(Field::name, Field::value, (a, b) -> a));
    }

    @Test
    void dialogPacketsDecodeToTheRecordedFieldsAndReEncodeByteForByte() throws Exception {
        List<Vector> vectors = of("dialog-dlg-repl");
        assertThat(vectors).extracting(v -> v.header("packet_type")).contains("1", "2", "3", "4", "5");
        for (Vector v : vectors) {
            ModulePacket p = (ModulePacket) BinCodec.decode(v.bytes());
            DialogMessage m = DialogCodec.decode(p);
            Map<String, String> f = body(v);
            if (m instanceof DialogMessage.Created c) {
                check(c.dialog(), f);
                assertThat(DialogCodec.created(c.dialog(), p.version()).body()).isEqualTo(p.body());
            } else if (m instanceof DialogMessage.Updated u) {
                check(u.dialog(), f);
                assertThat(DialogCodec.updated(u.dialog(), p.version()).body()).isEqualTo(p.body());
            } else if (m instanceof DialogMessage.Deleted d) {
                assertThat(d.callId()).isEqualTo(f.get("callid"));
                assertThat(Integer.toString(d.hId())).isEqualTo(f.get("h_id"));
                assertThat(DialogCodec.deleted(d.callId(), d.callerTag(), d.calleeTag(), d.hId(), p.version())
                        .body()).isEqualTo(p.body());
            } else if (m instanceof DialogMessage.CseqUpdated c) {
                assertThat(c.callId()).isEqualTo(f.get("callid"));
            } else if (m instanceof DialogMessage.ValueSet s) {
                assertThat(s.name()).isEqualTo(f.get("name"));
                assertThat(s.type() == 1 ? s.text() : Integer.toString(s.number())).isEqualTo(f.get("value"));
            }
        }
    }

    private static void check(DialogRecord d, Map<String, String> f) {
        assertThat(d.callId()).isEqualTo(f.get("callid"));
        assertThat(d.callerTag()).isEqualTo(f.get("caller_tag"));
        assertThat(d.calleeTag()).isEqualTo(f.get("callee_tag"));
        assertThat(Integer.toString(d.hId())).isEqualTo(f.get("h_id"));
        assertThat(Integer.toString(d.state())).isEqualTo(f.get("state"));
        assertThat(d.calleeContact()).isEqualTo(f.get("callee_contact"));
        assertThat(d.vars()).isEqualTo(f.get("vars"));
        assertThat(d.profiles()).isEqualTo(f.get("profiles"));
        assertThat(Integer.toUnsignedString(d.timeout())).isEqualTo(f.get("timeout"));
    }

    @Test
    void dialogSyncChunksDecodeAndReEncode() throws Exception {
        int chunks = 0;
        for (Vector v : GoldenVectors.all()) {
            BinMessage m = BinCodec.decode(v.bytes());
            if (m instanceof ExtraMessage.Sync s && s.capName().contentEquals("dialog-dlg-repl")) {
                for (ExtraMessage.SyncChunk c : s.chunks()) {
                    DialogRecord d = DialogCodec.decodeSyncChunk(c.data(), s.dataVersion());
                    assertThat(d.state()).isBetween(3, 4);
                    assertThat(DialogCodec.syncChunk(d, s.dataVersion())).isEqualTo(c.data());
                    chunks++;
                }
            }
        }
        assertThat(chunks).isPositive();
    }

    @Test
    void theVarsAndProfilesTextsReadAsOpenSipsWroteThem() throws Exception {
        assertThat(DialogPairs.read("dlgX_shtag#1#vip|customer#1#acme|")).containsExactly(
                new DialogPairs.Pair("dlgX_shtag", 1, "vip"), new DialogPairs.Pair("customer", 1, "acme"));
        assertThat(DialogPairs.read("caller/b#1#caller1|calls/b#1#|")).containsExactly(
                new DialogPairs.Pair("caller/b", 1, "caller1"), new DialogPairs.Pair("calls/b", 1, ""));
        List<DialogPairs.Pair> odd = List.of(new DialogPairs.Pair("a|b#c\\d", 1, "x#y|z\\"),
                new DialogPairs.Pair("n", 2, "42"));
        assertThat(DialogPairs.read(DialogPairs.write(odd))).isEqualTo(odd);
        assertThatThrownBy(() -> DialogPairs.read("name#3#x|")).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> DialogPairs.read("name#1#x")).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> DialogPairs.read("name|")).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> DialogPairs.read("x#1#y|".repeat(300))).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void profileAndPipeCountersDecodeAndReEncode() throws Exception {
        List<Vector> profiles = of("dialog-prof-repl");
        assertThat(profiles).isNotEmpty();
        for (Vector v : profiles) {
            ModulePacket p = (ModulePacket) BinCodec.decode(v.bytes());
            List<ProfileCodec.Entry> entries = ProfileCodec.decode(p);
            List<ModulePacket> again = ProfileCodec.encode(entries, p.version(), 65_000);
            assertThat(again).hasSize(1);
            assertThat(again.get(0).body()).isEqualTo(p.body());
        }
        ModulePacket p059 = (ModulePacket) BinCodec.decode(GoldenVectors.bytes(
                "059-dialog-prof-repl-REPLICATION_DLG_PROFILE.bin"));
        assertThat(ProfileCodec.decode(p059)).containsExactly(new ProfileCodec.Entry("calls", false, "", 1),
                new ProfileCodec.Entry("caller", true, "caller1", 1));
        ModulePacket p060 = (ModulePacket) BinCodec.decode(GoldenVectors.bytes(
                "060-ratelimit-pipe-repl-RL_PIPE_COUNTER.bin"));
        List<PipeCodec.Entry> pipes = PipeCodec.decode(p060);
        assertThat(pipes).containsExactly(new PipeCodec.Entry("inv_pipe", 1, 1, 1000, 0));
        assertThat(PipeCodec.encode(pipes, 32_767).get(0).body()).isEqualTo(p060.body());
    }

    @Test
    void manyEntriesAreCutIntoPacketsUnderTheBudget() throws Exception {
        List<ProfileCodec.Entry> many = java.util.stream.IntStream.range(0, 500)
                .mapToObj(i -> new ProfileCodec.Entry("caller", true, "user" + i, i)).toList();
        List<ModulePacket> packets = ProfileCodec.encode(many, 5, 1400);
        assertThat(packets.size()).isGreaterThan(5);
        int total = 0;
        for (ModulePacket p : packets) {
            assertThat(p.body().length()).isLessThan(1400 + 64);
            total += ProfileCodec.decode(p).size();
        }
        assertThat(total).isEqualTo(500);
    }

    @Test
    void badBodiesAreRefusedWithAClearError() {
        ModulePacket truncated = new ModulePacket(Capability.DIALOG, 5, DialogCodec.DELETED,
                Str.ofBytes(new byte[] {5, 0, 'a', 'b'}), Trailer.UNADDRESSED);
        assertThatThrownBy(() -> DialogCodec.decode(truncated)).isInstanceOf(MalformedPacketException.class);
        ModulePacket v9 = new ModulePacket(Capability.DIALOG, 9, 1, Str.EMPTY, Trailer.UNADDRESSED);
        assertThatThrownBy(() -> DialogCodec.decode(v9)).hasMessageContaining("version 9");
        ModulePacket negative = ProfileCodec.encode(List.of(new ProfileCodec.Entry("p", false, "", -1)), 5, 1400).get(0);
        assertThatThrownBy(() -> ProfileCodec.decode(negative)).hasMessageContaining("negative");
        ModulePacket type7 = new ModulePacket(Capability.DIALOG, 5, 7, Str.EMPTY, Trailer.UNADDRESSED);
        assertThatThrownBy(() -> DialogCodec.decode(type7)).hasMessageContaining("type 7");
    }
}
