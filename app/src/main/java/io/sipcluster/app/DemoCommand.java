package io.sipcluster.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sipcluster.app.inspect.PacketJson;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.InternalMessage.Ping;
import io.sipcluster.wire.clusterer.InternalMessage.Pong;
import io.sipcluster.wire.usrloc.ContactData;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocMessage.AorInsert;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactInsert;
import io.sipcluster.wire.usrloc.UsrlocPacket;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sipcluster demo}: shows what sipcluster does today. Until nodes can run, that is the BIN codec: the
 * packets two OpenSIPS-compatible nodes exchange when one joins and a phone registers, built, encoded, decoded.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show sipcluster at work on loopback (today: the OpenSIPS-compatible BIN codec).")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long now = 1_795_321_906L;
        List<Step> steps = List.of(
                new Step("node 2 pings seed node 1 and asks for its node list",
                        new Ping(1, 2, 1)),
                new Step("node 1 answers; it knows no other node yet",
                        new Pong(1, 1, List.of())),
                new Step("alice registers on node 1: node 1 replicates the new AoR to node 2",
                        new UsrlocPacket(new AorInsert(s("location"), s("alice"), 1, 2814, Str.EMPTY),
                                new Trailer.Node(1, 1, 2))),
                new Step("... and her contact",
                        new UsrlocPacket(new ContactInsert(new ContactData(s("location"), s("alice"),
                                s("sip:alice@192.0.2.10:5060;transport=udp"), 0x28944000_00000AFEL, s("a84b4c76e66710"),
                                s("DemoPhone/1.0"), Str.EMPTY, Str.EMPTY, s("sip:198.51.100.7:40312"), Str.EMPTY,
                                now + 3600, 800, s("udp:127.0.0.1:5060"), 1, 0, Str.EMPTY, -1, now, Str.EMPTY,
                                ContactMatch.UNSET)), new Trailer.Node(1, 1, 2))));

        out.println("sipcluster demo: the BIN packets of a node joining a cluster and a phone registering.");
        out.println("(The running 3-node cluster demo arrives with the node runtime; this shows the codec it uses.)");
        ObjectMapper json = new ObjectMapper();
        int n = 1;
        for (Step step : steps) {
            byte[] bytes = BinCodec.encode(step.message);
            BinMessage decoded = decode(bytes);
            boolean identical = Arrays.equals(BinCodec.encode(decoded), bytes);
            out.printf("%n%d. %s%n", n++, step.what);
            out.printf("   %d bytes on the wire: %s%n", bytes.length, preview(bytes));
            out.printf("   decoded: %s%n", json.writeValueAsString(PacketJson.toJson(decoded, bytes.length).get("body")));
            out.printf("   re-encoded byte-identically: %s%n", identical ? "yes" : "NO");
            if (!identical) {
                return 1;
            }
        }
        out.println();
        out.println("Inspect real traffic with: ./sipcluster bin decode CAPTURE.pcap");
        out.flush();
        return 0;
    }

    private static BinMessage decode(byte[] bytes) {
        try {
            return BinCodec.decode(bytes);
        } catch (MalformedPacketException e) {
            throw new IllegalStateException("the demo built a packet it cannot read back: " + e.getMessage(), e);
        }
    }

    private static String preview(byte[] bytes) {
        String hex = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 24));
        return bytes.length > 24 ? hex + " ..." : hex;
    }

    private static Str s(String text) {
        return Str.of(text);
    }

    private record Step(String what, BinMessage message) {}
}
