package io.sipcluster.mgmt.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sipcluster.mgmt.TestCluster;
import io.sipcluster.mgmt.client.MiCallException;
import io.sipcluster.mgmt.client.MiClient;
import io.sipcluster.wire.Str;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subscribing over MI and receiving the cluster's events from real engines. */
class EventCommandsTest {
    @Test
    void aSubscriberHearsThatANodeWentDown() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, false).awaitFormed(); Receiver receiver = new Receiver()) {
            MiClient mi = cluster.mi(1);
            assertThat(mi.call("event_subscribe", List.of("E_CLUSTERER_NODE_STATE_CHANGED", receiver.url().toString(),
                    "120")).asText()).isEqualTo("OK");
            cluster.stop(3);
            assertThat(receiver.next().toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":"
                    + "\"E_CLUSTERER_NODE_STATE_CHANGED\",\"params\":{\"cluster_id\":1,\"node_id\":3,\"new_state\":0}}");

            JsonNode list = mi.call("subscribers_list");
            assertThat(list.at("/Events/0/name").asText()).isEqualTo("E_CLUSTERER_NODE_STATE_CHANGED");
            assertThat(list.at("/Events/0/id").asInt()).isZero();
            JsonNode sub = list.at("/Events/0/Subscribers/0");
            assertThat(sub.get("socket").asText()).isEqualTo(receiver.url().toString());
            assertThat(sub.get("expire").asInt()).isEqualTo(120);
            assertThat(sub.get("ttl").asInt()).isBetween(100, 120);

            JsonNode one = mi.call("subscribers_list", List.of("E_CLUSTERER_NODE_STATE_CHANGED",
                    receiver.url().toString()));
            assertThat(one.at("/Event/Subscriber/expire").asInt()).isEqualTo(120);

            assertThat(mi.call("event_subscribe", List.of("E_CLUSTERER_NODE_STATE_CHANGED",
                    receiver.url().toString(), "0")).asText()).isEqualTo("OK");
            assertThat(mi.call("subscribers_list").toString()).isEqualTo("{\"Events\":[]}");
            assertThat(mi.call("subscribers_list", List.of("E_CLUSTERER_NODE_STATE_CHANGED")).toString())
                    .isEqualTo("{\"Event\":{\"name\":\"E_CLUSTERER_NODE_STATE_CHANGED\",\"id\":0,\"Subscribers\":[]}}");
        }
    }

    @Test
    void genericMessagesReachSubscribersAsRequestsAndReplies() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, false).awaitFormed(); Receiver receiver = new Receiver()) {
            MiClient mi = cluster.mi(2);
            mi.call("event_subscribe", List.of("E_CLUSTERER_REQ_RECEIVED", receiver.url().toString()));
            mi.call("event_subscribe", List.of("E_CLUSTERER_RPL_RECEIVED", receiver.url().toString()));
            Str tag = cluster.loop(1).read((e, now, fx) -> e.sendRequest(1, 2, Str.of("ping?"), now, fx)).tag();
            JsonNode req = receiver.next();
            assertThat(req.get("method").asText()).isEqualTo("E_CLUSTERER_REQ_RECEIVED");
            assertThat(req.get("params").toString()).isEqualTo("{\"cluster_id\":1,\"src_id\":1,\"msg\":\"ping?\","
                    + "\"tag\":\"" + tag + "\"}");
            cluster.loop(1).read((e, now, fx) -> e.sendReply(1, 2, Str.of("pong"), tag, now, fx));
            JsonNode rpl = receiver.next();
            assertThat(rpl.get("method").asText()).isEqualTo("E_CLUSTERER_RPL_RECEIVED");
            assertThat(rpl.at("/params/msg").asText()).isEqualTo("pong");
            assertThat(rpl.at("/params/tag").asText()).isEqualTo(tag.toString());
        }
    }

    @Test
    void eventsListAndBadSubscriptions() throws Exception {
        try (TestCluster cluster = TestCluster.start(1, false)) {
            MiClient mi = cluster.mi(1);
            assertThat(mi.call("events_list").toString()).isEqualTo("{\"Events\":["
                    + "{\"name\":\"E_CLUSTERER_NODE_STATE_CHANGED\",\"id\":0},"
                    + "{\"name\":\"E_CLUSTERER_SHARING_TAG_CHANGED\",\"id\":1},"
                    + "{\"name\":\"E_CLUSTERER_REQ_RECEIVED\",\"id\":2},"
                    + "{\"name\":\"E_CLUSTERER_RPL_RECEIVED\",\"id\":3}]}");
            assertThat(error(mi, List.of("E_NOPE", "http://127.0.0.1:9/x"))).startsWith("400 Bad parameter value");
            assertThat(error(mi, List.of("E_CLUSTERER_NODE_STATE_CHANGED", "udp:127.0.0.1:9")))
                    .isEqualTo("400 Bad parameter value: the socket must be an http:// or https:// URL with a host");
            assertThat(error(mi, List.of("E_CLUSTERER_NODE_STATE_CHANGED", "http://[oops")))
                    .startsWith("400 Bad parameter value: not a URL");
            assertThat(error(mi, List.of("E_CLUSTERER_NODE_STATE_CHANGED", "http://127.0.0.1:9/x", "-5")))
                    .isEqualTo("-32602 Invalid params: Negative expire value");
            assertThat(mi.call("event_subscribe", List.of("E_CLUSTERER_SHARING_TAG_CHANGED", "http://127.0.0.1:9/x"))
                    .asText()).isEqualTo("OK");
            assertThat(mi.call("subscribers_list").at("/Events/0/Subscribers/0/expire").asInt())
                    .as("OpenSIPS's default expiry").isEqualTo(3600);
            try {
                mi.call("subscribers_list", List.of("E_CLUSTERER_SHARING_TAG_CHANGED", "http://127.0.0.1:9/y"));
                throw new AssertionError("expected 404");
            } catch (MiCallException e) {
                assertThat(e.getMessage()).isEqualTo("404 Subscriber does not exist");
            }
        }
    }

    private static String error(MiClient mi, List<String> params) throws Exception {
        try {
            mi.call("event_subscribe", params);
        } catch (MiCallException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an error for " + params);
    }
}
