package io.sipcluster.app.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.mi.MiPacket;
import io.sipcluster.wire.testing.GoldenVectors;
import io.sipcluster.wire.testing.GoldenVectors.Vector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PacketJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Counts and framing the JSON leaves to array sizes (see GoldenVectorTest). */
    private static final Set<String> DERIVED = Set.of("no_nodes", "nr_nodes", "nr_cap", "no_neigh", "path_len",
            "no_params", "has_descr", "chunk_len", "chunk_marker");

    static Stream<Vector> vectors() {
        return GoldenVectors.all().stream();
    }

    /** What an operator sees is what was captured: the printed fields equal the recorded ones. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void printsTheRecordedFieldValues(Vector v) throws Exception {
        ObjectNode json = PacketJson.toJson(BinCodec.decode(v.bytes()), v.bytes().length);
        assertThat(json.get("capability").asText()).isEqualTo(v.header("capability"));
        assertThat(json.get("length").asInt()).isEqualTo(v.bytes().length);
        if (json.get("body").has("body_hex")) {
            return; // a module body kept opaque in this version
        }
        if (json.has("packet_type_name")) {
            assertThat(json.get("packet_type_name").asText()).isEqualTo(v.header("packet_type_name"));
        }
        List<String> printed = new ArrayList<>();
        leaves("", json.get("body"), printed);
        List<String> expected = new ArrayList<>();
        v.fields().stream()
                .filter(f -> (f.section().equals("body") || f.section().equals("chunk")) && !DERIVED.contains(f.name()))
                .forEach(f -> expected.add(f.name() + "=" + f.value()));
        if (printed.stream().anyMatch(s -> s.startsWith("data_hex="))) {
            // dialog sync chunks are opaque here: compare the SYNC packet's own fields only
            expected.removeIf(s -> v.section("chunk").stream().anyMatch(f -> s.equals(f.name() + "=" + f.value())));
            printed.removeIf(s -> s.startsWith("data_hex="));
        }
        assertThat(printed).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** decode -> JSON text -> encode gives back the captured bytes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void jsonEncodesBackToTheSameBytes(Vector v) throws Exception {
        String text = MAPPER.writeValueAsString(PacketJson.toJson(BinCodec.decode(v.bytes()), v.bytes().length));
        BinMessage back = PacketJson.fromJson(MAPPER.readTree(text));
        assertThat(BinCodec.encode(back)).isEqualTo(v.bytes());
    }

    /** sipcluster's own management packets are shown with their field names and encode back. */
    @Test
    void sipclusterMiPacketsRoundTripThroughJson() throws Exception {
        List<BinMessage> packets = List.of(
                new MiPacket.Request(0x6a0b1c3800000001L, Str.of("clusterer_list"), List.of(Str.of("1")),
                        new Trailer.Node(1, 2, 3)),
                new MiPacket.Reply(-5, MiPacket.Reply.STATUS_OK, Str.of("{\"ok\":true}"), new Trailer.Node(1, 3, 2)));
        for (BinMessage m : packets) {
            byte[] bytes = BinCodec.encode(m);
            ObjectNode json = PacketJson.toJson(m, bytes.length);
            String text = MAPPER.writeValueAsString(json);
            assertThat(json.get("packet_type_name").asText()).startsWith("MI_");
            assertThat(json.get("body").has("request_id")).isTrue();
            assertThat(BinCodec.encode(PacketJson.fromJson(MAPPER.readTree(text)))).isEqualTo(bytes);
        }
        assertThat(PacketJson.toJson(packets.get(0), 0).at("/body/cmd_name").asText()).isEqualTo("clusterer_list");
    }

    @Test
    void invalidUtf8IsPrintedAsHexAndSurvives() throws Exception {
        byte[] ping = GoldenVectors.all().stream().filter(v -> v.file().contains("GENERIC_MSG")).findFirst()
                .orElseThrow().bytes();
        ObjectNode json = PacketJson.toJson(BinCodec.decode(ping), ping.length);
        ((ObjectNode) json.get("body")).putObject("msg").put("hex", "ff00c3");
        BinMessage m = PacketJson.fromJson(json);
        ObjectNode again = PacketJson.toJson(m, 0);
        assertThat(again.at("/body/msg/hex").asText()).isEqualTo("ff00c3");
    }

    @Test
    void badDescriptionsNameTheField() throws Exception {
        JsonNode ping = MAPPER.readTree("{\"capability\":\"clusterer-internal\",\"packet_type\":0,"
                + "\"body\":{\"cluster_id\":1,\"src_node_id\":2}}");
        assertThatThrownBy(() -> PacketJson.fromJson(ping)).hasMessageContaining("body.req_node_list: missing");

        JsonNode badInt = MAPPER.readTree("{\"capability\":\"clusterer-internal\",\"packet_type_name\":\"PING\","
                + "\"body\":{\"cluster_id\":1,\"src_node_id\":2,\"req_node_list\":\"yes\"}}");
        assertThatThrownBy(() -> PacketJson.fromJson(badInt))
                .hasMessageContaining("body.req_node_list: must be a 32-bit integer");

        JsonNode noTrailer = MAPPER.readTree("{\"capability\":\"clusterer-extra\",\"packet_type\":13,"
                + "\"body\":{\"tag_name\":\"vip\"}}");
        assertThatThrownBy(() -> PacketJson.fromJson(noTrailer)).hasMessageContaining("trailer: missing");

        JsonNode wrongType = MAPPER.readTree("{\"capability\":\"clusterer-internal\",\"packet_type\":13,"
                + "\"body\":{}}");
        assertThatThrownBy(() -> PacketJson.fromJson(wrongType)).hasMessageContaining("packet_type: 13");

        JsonNode badMatch = MAPPER.readTree("{\"capability\":\"usrloc-contact-repl\",\"packet_type\":5,"
                + "\"body\":{\"domain\":\"location\",\"aor\":\"a\",\"contact_uri\":\"sip:a@b\",\"callid\":\"c\","
                + "\"cseq\":1,\"cmatch\":{\"mode\":7}},\"trailer\":{\"cluster_id\":1,\"src_node_id\":1,\"dst_node_id\":2}}");
        assertThatThrownBy(() -> PacketJson.fromJson(badMatch)).hasMessageContaining("body.cmatch")
                .hasMessageContaining("mode 7");
    }

    /** Flattens JSON to name=value leaves: arrays repeat their key, objects are transparent. */
    static void leaves(String key, JsonNode n, List<String> out) {
        if (n.isObject()) {
            if (n.has("hex") && n.size() == 1) {
                out.add(key + "=hex:" + n.get("hex").asText());
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                leaves(e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            n.forEach(item -> leaves(key, item, out));
        } else {
            out.add(key + "=" + n.asText());
        }
    }
}
