package io.sipcluster.mgmt.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.mgmt.command.MiParams;
import io.sipcluster.mgmt.command.MiResults;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * OpenSIPS's event interface commands ({@code evi/event_interface.c}): {@code event_subscribe},
 * {@code events_list} and {@code subscribers_list}, with their result shapes. The subscriber "socket" is an
 * {@code http://} or {@code https://} URL; each event is POSTed there as a JSON-RPC notification.
 */
public final class EventCommands {
    /** OpenSIPS's expiry when {@code event_subscribe} is called without one ({@code DEFAULT_EXPIRE}). */
    public static final int DEFAULT_EXPIRE_SECONDS = 3600;

    private final EventHub hub;

    private EventCommands(EventHub hub) {
        this.hub = hub;
    }

    public static void register(CommandRegistry registry, EventHub hub) {
        EventCommands c = new EventCommands(hub);
        registry.register(MiCommand.builder("evi", "subscribe").alias("event_subscribe")
                .help("subscribes an HTTP URL to an event for <expire> seconds (3600 if not given, 0 unsubscribes)")
                .recipe(p -> c.subscribe(p, DEFAULT_EXPIRE_SECONDS), "event", "socket")
                .recipe(c::subscribeWithExpiry, "event", "socket", "expire")
                .build());
        registry.register(MiCommand.builder("evi", "list").alias("events_list")
                .help("lists the events this node publishes")
                .recipe(p -> MiResults.now(c.events()))
                .build());
        registry.register(MiCommand.builder("evi", "subscribers").alias("subscribers_list")
                .help("lists the subscribers of every event, of one event, or one subscriber")
                .recipe(p -> MiResults.now(c.allSubscribers()))
                .recipe(c::subscribersOf, "event")
                .recipe(c::subscriber, "event", "socket")
                .build());
    }

    private CompletionStage<JsonNode> subscribeWithExpiry(MiParams p) throws MiException {
        int expire = p.getInt("expire");
        if (expire < 0) {
            throw MiException.invalidParams("Negative expire value");
        }
        return subscribe(p, expire);
    }

    private CompletionStage<JsonNode> subscribe(MiParams p, int expire) throws MiException {
        String event = p.getString("event");
        URI target = target(p.getString("socket"));
        try {
            hub.subscribe(event, target, expire);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MiException(400, "Bad parameter value", e.getMessage());
        }
        return MiResults.now(MiResults.OK);
    }

    /** {@code {"Events":[{"name":"E_CLUSTERER_NODE_STATE_CHANGED","id":0}, ...]}} */
    private JsonNode events() {
        ObjectNode out = MiResults.object();
        ArrayNode events = out.putArray("Events");
        List<String> names = hub.eventNames();
        for (int id = 0; id < names.size(); id++) {
            ObjectNode e = events.addObject();
            e.put("name", names.get(id));
            e.put("id", id);
        }
        return out;
    }

    /** {@code {"Events":[{"name":..,"id":..,"Subscribers":[{"socket":..,"expire":..,"ttl":..}]}]}} */
    private JsonNode allSubscribers() {
        ObjectNode out = MiResults.object();
        ArrayNode events = out.putArray("Events");
        long now = hub.subscriptions().now();
        for (Map.Entry<String, List<Subscriptions.Subscription>> e : hub.subscriptions().all().entrySet()) {
            ObjectNode event = events.addObject();
            describeEvent(event, e.getKey());
            ArrayNode subs = event.putArray("Subscribers");
            e.getValue().forEach(s -> describe(subs.addObject(), s, now));
        }
        return out;
    }

    private CompletionStage<JsonNode> subscribersOf(MiParams p) throws MiException {
        String name = publishedEvent(p.getString("event"));
        ObjectNode out = MiResults.object();
        ObjectNode event = out.putObject("Event");
        describeEvent(event, name);
        ArrayNode subs = event.putArray("Subscribers");
        long now = hub.subscriptions().now();
        hub.subscriptions().active(name).forEach(s -> describe(subs.addObject(), s, now));
        return MiResults.now(out);
    }

    private CompletionStage<JsonNode> subscriber(MiParams p) throws MiException {
        String name = publishedEvent(p.getString("event"));
        Subscriptions.Subscription s = hub.subscriptions().find(name, target(p.getString("socket")));
        if (s == null) {
            throw MiException.of(404, "Subscriber does not exist");
        }
        ObjectNode out = MiResults.object();
        ObjectNode event = out.putObject("Event");
        describeEvent(event, name);
        describe(event.putObject("Subscriber"), s, hub.subscriptions().now());
        return MiResults.now(out);
    }

    private String publishedEvent(String name) throws MiException {
        if (!hub.eventNames().contains(name)) {
            throw MiException.of(404, "Event not published");
        }
        return name;
    }

    private void describeEvent(ObjectNode event, String name) {
        event.put("name", name);
        event.put("id", hub.eventNames().indexOf(name));
    }

    private static void describe(ObjectNode out, Subscriptions.Subscription s, long now) {
        out.put("socket", s.target.toString());
        out.put("expire", s.expireSeconds);
        out.put("ttl", s.ttlSeconds(now));
    }

    /** An absolute http(s) URL with a host; anything else is refused before it could be used as a target. */
    static URI target(String socket) throws MiException {
        try {
            URI u = new URI(socket.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new MiException(400, "Bad parameter value",
                        "the socket must be an http:// or https:// URL with a host");
            }
            return u.getPath() == null || u.getPath().isEmpty() ? u.resolve("/") : u;
        } catch (URISyntaxException e) {
            throw new MiException(400, "Bad parameter value", "not a URL: " + e.getReason());
        }
    }
}
