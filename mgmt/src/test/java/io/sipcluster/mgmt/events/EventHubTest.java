package io.sipcluster.mgmt.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.mgmt.Eventually;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventHubTest {
    private final AtomicLong clock = new AtomicLong();
    private final Map<DeliveryObserver.Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private EventHub hub;
    private Receiver receiver;

    private EventHub hub(DeliverySettings settings) throws Exception {
        receiver = new Receiver();
        hub = new EventHub(settings, o -> outcomes.computeIfAbsent(o, k -> new AtomicInteger()).incrementAndGet(),
                clock::get);
        return hub;
    }

    private int count(DeliveryObserver.Outcome o) {
        return outcomes.getOrDefault(o, new AtomicInteger()).get();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void clusterEventsArePostedAsOpenSipsNotificationsInOrder() throws Exception {
        hub(DeliverySettings.defaults());
        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, receiver.url(), 60);
        hub.subscribe(ClusterEventMapper.SHARING_TAG_CHANGED, receiver.url(), 60);
        hub.accept(new ClusterEvent.NodeDown(1, 3));
        hub.accept(new ClusterEvent.NodeDiscovered(1, 4)); // not an OpenSIPS event: not sent
        hub.accept(new ClusterEvent.NodeUp(1, 3));
        hub.accept(new ClusterEvent.SharingTagChanged(1, "vip", false, "cluster broadcast from 2"));

        assertThat(receiver.next().toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":"
                + "\"E_CLUSTERER_NODE_STATE_CHANGED\",\"params\":{\"cluster_id\":1,\"node_id\":3,\"new_state\":0}}");
        assertThat(receiver.next().at("/params/new_state").asInt()).isEqualTo(1);
        assertThat(receiver.next().toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":"
                + "\"E_CLUSTERER_SHARING_TAG_CHANGED\",\"params\":{\"name\":\"vip\",\"cluster\":1,\"state\":\"backup\","
                + "\"reason\":\"cluster broadcast from 2\"}}");
        assertThat(receiver.received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(count(DeliveryObserver.Outcome.DELIVERED)).isEqualTo(3);
    }

    @Test
    void inProcessListenersSeeEveryEvent() throws Exception {
        hub(DeliverySettings.defaults());
        List<ManagementEvent> seen = new CopyOnWriteArrayList<>();
        hub.addListener(seen::add);
        hub.accept(new ClusterEvent.NodeUp(2, 5));
        assertThat(seen).containsExactly(ManagementEvent.of(ClusterEventMapper.NODE_STATE_CHANGED,
                "cluster_id", 2, "node_id", 5, "new_state", 1));
    }

    @Test
    void expiryIsHonouredAndZeroUnsubscribes() throws Exception {
        hub(DeliverySettings.defaults());
        URI other = URI.create("http://127.0.0.1:1/other");
        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, receiver.url(), 10);
        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, other, 100);
        assertThat(hub.subscriberCount()).isEqualTo(2);
        assertThat(hub.subscriptions().find(ClusterEventMapper.NODE_STATE_CHANGED, receiver.url())
                .ttlSeconds(clock.get())).isEqualTo(10);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        hub.accept(new ClusterEvent.NodeUp(1, 2));
        assertThat(receiver.received.poll(300, TimeUnit.MILLISECONDS)).as("expired: nothing sent").isNull();
        assertThat(hub.subscriberCount()).isEqualTo(1);

        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, other, 0);
        assertThat(hub.subscriberCount()).isZero();
    }

    @Test
    void subscribingAgainRenews() throws Exception {
        hub(DeliverySettings.defaults());
        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, receiver.url(), 10);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(8));
        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, receiver.url(), 10);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(8));
        hub.accept(new ClusterEvent.NodeUp(1, 2));
        assertThat(receiver.next().at("/params/node_id").asInt()).isEqualTo(2);
        assertThat(hub.subscriberCount()).isEqualTo(1);
    }

    @Test
    void aFailingSubscriberIsRetriedABoundedNumberOfTimes() throws Exception {
        hub(new DeliverySettings(16, 3, Duration.ofSeconds(2), Duration.ofMillis(10), 8));
        receiver.status = 500;
        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, receiver.url(), 60);
        hub.accept(new ClusterEvent.NodeUp(1, 2));
        Eventually.await("the event is given up", Duration.ofSeconds(10),
                () -> count(DeliveryObserver.Outcome.FAILED) == 1);
        assertThat(receiver.posts).hasValue(3);
        assertThat(count(DeliveryObserver.Outcome.RETRIED)).isEqualTo(2);

        receiver.status = 200;
        hub.accept(new ClusterEvent.NodeDown(1, 2));
        assertThat(receiver.next().at("/params/new_state").asInt()).as("the next event still goes").isZero();
    }

    @Test
    void anUnreachableSubscriberFailsWithoutHoldingUpOthers() throws Exception {
        hub(new DeliverySettings(16, 2, Duration.ofMillis(500), Duration.ofMillis(10), 8));
        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, URI.create("http://127.0.0.1:1/nobody"), 60);
        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, receiver.url(), 60);
        hub.accept(new ClusterEvent.NodeUp(1, 2));
        assertThat(receiver.next().at("/params/node_id").asInt()).isEqualTo(2);
        Eventually.await("the dead subscriber's event is given up", Duration.ofSeconds(10),
                () -> count(DeliveryObserver.Outcome.FAILED) == 1);
    }

    @Test
    void aSubscriberTooFarBehindLosesEventsAndTheyAreCounted() throws Exception {
        hub(new DeliverySettings(2, 1, Duration.ofSeconds(5), Duration.ZERO, 8));
        receiver.delayMillis = 300;
        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, receiver.url(), 60);
        for (int node = 2; node < 12; node++) {
            hub.accept(new ClusterEvent.NodeUp(1, node)); // never blocks the publishing (loop) thread
        }
        assertThat(count(DeliveryObserver.Outcome.DROPPED)).isBetween(7, 8);
        List<Integer> nodes = new java.util.ArrayList<>();
        Eventually.await("what was queued arrives", Duration.ofSeconds(10), () -> {
            JsonNode n = receiver.received.poll();
            if (n != null) {
                nodes.add(n.at("/params/node_id").asInt());
            }
            return nodes.size() + count(DeliveryObserver.Outcome.DROPPED) == 10;
        });
        assertThat(nodes).isSorted().startsWith(2);
    }

    @Test
    void subscriptionsAreBounded() throws Exception {
        hub(new DeliverySettings(2, 1, Duration.ofSeconds(1), Duration.ZERO, 2));
        hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, URI.create("http://a/"), 60);
        hub.subscribe(ClusterEventMapper.SHARING_TAG_CHANGED, URI.create("http://a/"), 60);
        assertThatThrownBy(() -> hub.subscribe(ClusterEventMapper.NODE_STATE_CHANGED, URI.create("http://b/"), 60))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> hub.subscribe("E_NO_SUCH", URI.create("http://b/"), 60))
                .isInstanceOf(IllegalArgumentException.class);
        hub.declare("E_UL_AOR_CREATE");
        assertThat(hub.eventNames()).containsExactly(ClusterEventMapper.NODE_STATE_CHANGED,
                ClusterEventMapper.SHARING_TAG_CHANGED, ClusterEventMapper.REQ_RECEIVED,
                ClusterEventMapper.RPL_RECEIVED, "E_UL_AOR_CREATE");
    }
}
