package io.sipcluster.app.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sipcluster.app.Main;
import io.sipcluster.wire.testing.GoldenVectors;
import io.sipcluster.wire.testing.GoldenVectors.Vector;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The inspector as an operator runs it: files in, JSON out, and back. */
class BinCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path allVectorsBackToBack() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        GoldenVectors.all().forEach(v -> all.writeBytes(v.bytes()));
        return Files.write(dir.resolve("all.bin"), all.toByteArray());
    }

    @Test
    void decodesEveryPacketOfAFileAndEncodesTheOutputBackToTheSameFile() throws Exception {
        Path file = allVectorsBackToBack();
        assertThat(run("bin", "decode", "--compact", file.toString())).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(GoldenVectors.all().size());

        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        Vector v0 = GoldenVectors.all().get(0);
        assertThat(first.get("packet_type_name").asText()).isEqualTo(v0.header("packet_type_name"));
        assertThat(first.at("/source/offset").asLong()).isZero();
        assertThat(new ObjectMapper().readTree(lines.get(1)).at("/source/offset").asLong()).isEqualTo(v0.bytes().length);

        Path json = Files.writeString(dir.resolve("all.jsonl"), out.toString());
        Path back = dir.resolve("back.bin");
        assertThat(run("bin", "encode", json.toString(), "-o", back.toString())).as(err.toString()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void prettyOutputIsOneJsonDocumentPerPacket() throws Exception {
        Path file = Files.write(dir.resolve("one.bin"), GoldenVectors.all().get(0).bytes());
        assertThat(run("bin", "decode", file.toString())).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("capability").asText()).isEqualTo("clusterer-internal");
        assertThat(json.at("/body/req_node_list").asInt()).isEqualTo(1);
    }

    @Test
    void reportsAMalformedPacketAndGoesOnWithTheNextOne() throws Exception {
        byte[] good = GoldenVectors.all().get(0).bytes();
        byte[] bad = GoldenVectors.all().get(1).bytes().clone();
        bad[30] = 99; // packet_type 99 is no clusterer-internal type
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(bad);
        stream.writeBytes(good);
        Path file = Files.write(dir.resolve("mixed.bin"), stream.toByteArray());

        assertThat(run("bin", "decode", "--compact", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("offset 0").contains("header.packet_type");
        assertThat(out.toString().lines()).hasSize(1);
    }

    @Test
    void stopsAtLostFramingAndSaysWhere() throws Exception {
        byte[] good = GoldenVectors.all().get(0).bytes();
        byte[] data = Arrays.copyOf(good, good.length + 10);
        System.arraycopy("GARBAGE!!!".getBytes(StandardCharsets.US_ASCII), 0, data, good.length, 10);
        Path file = Files.write(dir.resolve("garbage.bin"), data);

        assertThat(run("bin", "decode", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("offset " + good.length).contains("header.marker");
    }

    @Test
    void reportsATruncatedLastPacket() throws Exception {
        byte[] good = GoldenVectors.all().get(0).bytes();
        Path file = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(good, good.length - 3));
        assertThat(run("bin", "decode", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("stream ends inside a packet");
    }

    @Test
    void encodeRejectsABadDescriptionWithThePathAndWritesNothing() throws Exception {
        Path json = Files.writeString(dir.resolve("bad.json"), "[{\"capability\":\"clusterer-internal\","
                + "\"packet_type\":0,\"body\":{\"cluster_id\":1,\"src_node_id\":2,\"req_node_list\":1}},"
                + "{\"capability\":\"clusterer-internal\",\"packet_type\":0,\"body\":{\"cluster_id\":1}}]");
        Path target = dir.resolve("out.bin");
        assertThat(run("bin", "encode", json.toString(), "-o", target.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("packet 1").contains("body.src_node_id: missing");
        assertThat(target).doesNotExist();
    }

    @Test
    void encodeRejectsTextThatIsNotJson() throws Exception {
        Path json = Files.writeString(dir.resolve("bad.json"), "{capability: nope");
        assertThat(run("bin", "encode", json.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("not JSON");
    }

    @Test
    void decodesEveryBinPacketOfAPcapCaptureWithItsFlow() throws Exception {
        Path pcap = dir.resolve("s4.pcap");
        try (var in = getClass().getResourceAsStream("/pcap/s4-shtag.pcap")) {
            Files.write(pcap, in.readAllBytes());
        }
        assertThat(run("bin", "decode", "--compact", pcap.toString())).as(err.toString()).isZero();
        List<JsonNode> packets = out.toString().lines().map(l -> {
            try {
                return new ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(packets).isNotEmpty();
        assertThat(packets).allSatisfy(p -> assertThat(p.at("/source/flow").asText()).matches(
                "127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:\\d+"));
        assertThat(packets).anySatisfy(p -> assertThat(p.path("packet_type_name").asText()).isEqualTo("SHTAG_ACTIVE"));
    }

    @Test
    void pcapngIsRefusedWithAClearMessage() throws Exception {
        Path file = Files.write(dir.resolve("x.pcapng"), new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0});
        assertThat(run("bin", "decode", file.toString())).isEqualTo(2);
        assertThat(err.toString()).containsIgnoringCase("pcapng");
    }

    @Test
    void missingFileIsAUsageError() {
        assertThat(run("bin", "decode", dir.resolve("nope.bin").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.bin");
    }
}
