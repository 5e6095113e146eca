package io.sipcluster.core;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import java.util.ArrayList;
import java.util.List;

/** Effects that keep everything an engine caused, for assertions. */
final class RecordingEffects implements Effects {
    record Sent(Str url, BinMessage message) {}

    record Delivered(int clusterId, int srcNodeId, Routable packet) {}

    final List<Sent> sent = new ArrayList<>();
    final List<BinMessage> replies = new ArrayList<>();
    final List<ClusterEvent> events = new ArrayList<>();
    final List<Delivered> delivered = new ArrayList<>();

    @Override
    public void send(Str url, BinMessage message) {
        sent.add(new Sent(url, message));
    }

    @Override
    public void reply(long connection, BinMessage message) {
        replies.add(message);
    }

    @Override
    public void publish(ClusterEvent event) {
        events.add(event);
    }

    @Override
    public void deliver(int clusterId, int srcNodeId, Routable packet) {
        delivered.add(new Delivered(clusterId, srcNodeId, packet));
    }

    <T extends BinMessage> List<T> sent(Class<T> type) {
        return sent.stream().map(Sent::message).filter(type::isInstance).map(type::cast).toList();
    }

    /** Messages of {@code type} sent to the node listening at {@code url}. */
    <T extends BinMessage> List<T> sentTo(Str url, Class<T> type) {
        return sent.stream().filter(s -> s.url().equals(url)).map(Sent::message).filter(type::isInstance)
                .map(type::cast).toList();
    }

    <T extends ClusterEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<ClusterEvent.Ignored> ignored(IgnoreReason reason) {
        return events(ClusterEvent.Ignored.class).stream().filter(i -> i.reason() == reason).toList();
    }

    void clear() {
        sent.clear();
        replies.clear();
        events.clear();
        delivered.clear();
    }
}
