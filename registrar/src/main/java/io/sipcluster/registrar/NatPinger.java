package io.sipcluster.registrar;

import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.SipResponse;
import io.sipcluster.sip.SipUri;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.duty.ContactDuty;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keepalives to the phones behind a NAT (OpenSIPS nathelper's {@code natping}): every binding whose source differed
 * from its Contact ({@code received} set, over UDP) gets an OPTIONS (or four CRLF bytes) from the registrar's socket
 * once per interval, which keeps the NAT's mapping open. Only the bindings {@link ContactDuty} gives this node are
 * pinged, so a cluster pings each phone once.
 *
 * <p>{@link #tick} is called once a second: at the start of a round it copies the AoR names, and each tick pings the
 * next slice of them, so the pings are spread over the interval instead of bursting; at most {@code maxPerTick} per
 * tick (the rest of a slice waits for the next round, counted as skipped). Answers are matched by Call-ID; a ping
 * unanswered for 10 s counts against its binding, and after {@code removeAfterUnanswered} in a row (0: never) the
 * binding is removed through the table (so the removal is replicated), as OpenSIPS's
 * {@code remove_on_timeout_bflag} does. Bindings reached through a Path (an edge proxy) are not pinged: the edge
 * keeps their NAT open.
 */
public final class NatPinger {
    private static final Logger log = LoggerFactory.getLogger(NatPinger.class);
    private static final long ANSWER_WAIT_NANOS = 10_000_000_000L;
    private static final int MAX_OUTSTANDING = 200_000;
    private static final ContactMatch BY_URI = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());

    /** How pings are sent. */
    public record Settings(Duration interval, int maxPerTick, boolean crlf, int removeAfterUnanswered) {
        public Settings {
            if (interval.toSeconds() < 1 || maxPerTick < 1 || removeAfterUnanswered < 0) {
                throw new IllegalArgumentException("NAT ping interval >= 1 s, max per tick >= 1");
            }
        }
    }

    /** Counters, for metrics and tests. */
    public record Stats(long sent, long answered, long unanswered, long skipped, long removed) {}

    private record Pending(Str aor, Str contact, long sentNanos) {}

    private final long answerWaitNanos;
    private final LocationService location;
    private final Supplier<ContactDuty> duty;
    private final UdpRegistrar socket;
    private final Settings settings;
    private final String localHost;
    private final int localPort;
    private final Map<String, Pending> outstanding = new LinkedHashMap<>();
    private final Map<Str, Integer> misses = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong removed = new AtomicLong();
    private List<Str> round = List.of();
    private int tickInRound;
    private long nextId;

    public NatPinger(LocationService location, Supplier<ContactDuty> duty, UdpRegistrar socket, Settings settings) {
        this(location, duty, socket, settings, ANSWER_WAIT_NANOS);
    }

    /** {@code answerWaitNanos}: how long an answer may take (tests shorten it). */
    NatPinger(LocationService location, Supplier<ContactDuty> duty, UdpRegistrar socket, Settings settings,
              long answerWaitNanos) {
        this.answerWaitNanos = answerWaitNanos;
        this.location = Objects.requireNonNull(location);
        this.duty = Objects.requireNonNull(duty);
        this.socket = Objects.requireNonNull(socket);
        this.settings = Objects.requireNonNull(settings);
        InetSocketAddress local = socket.localAddress();
        this.localHost = hostText(local.getAddress().getHostAddress());
        this.localPort = local.getPort();
        socket.onResponse(this::answered);
    }

    /** One second has passed: ping the next slice of the round. Called by one thread. */
    public void tick() {
        long now = System.nanoTime();
        expireOutstanding(now);
        int ticks = (int) Math.max(1, settings.interval().toSeconds());
        if (tickInRound == 0) {
            round = location.aorNames();
        }
        int from = (int) ((long) round.size() * tickInRound / ticks);
        int to = (int) ((long) round.size() * (tickInRound + 1) / ticks);
        tickInRound = (tickInRound + 1) % ticks;
        ContactDuty mine = duty.get();
        int budget = settings.maxPerTick();
        for (int i = from; i < to; i++) {
            Str aor = round.get(i);
            for (Binding b : location.lookup(aor)) {
                InetSocketAddress target = target(b);
                if (target == null || !mine.actsOn(aor, b)) {
                    continue;
                }
                if (budget-- <= 0) {
                    skipped.incrementAndGet();
                    continue;
                }
                ping(aor, b, target, now);
            }
        }
    }

    private void ping(Str aor, Binding b, InetSocketAddress target, long now) {
        if (settings.crlf()) {
            socket.send(target, new byte[] {'\r', '\n', '\r', '\n'});
            sent.incrementAndGet();
            return;
        }
        String callId = "np-" + Long.toHexString(++nextId) + "@" + localHost;
        byte[] options = options(b.contactUri().toString(), callId);
        synchronized (outstanding) {
            if (outstanding.size() >= MAX_OUTSTANDING) {
                skipped.incrementAndGet();
                return;
            }
            outstanding.put(callId, new Pending(aor, b.contactUri(), now));
        }
        socket.send(target, options);
        sent.incrementAndGet();
    }

    /** An OPTIONS to the contact, from this socket, answerable by its Call-ID. */
    byte[] options(String contactUri, String callId) {
        String text = "OPTIONS " + contactUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + localHost + ":" + localPort + ";branch=z9hG4bK-" + callId.hashCode() + "-"
                + nextId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:keepalive@" + localHost + ":" + localPort + ">;tag=" + Long.toHexString(nextId) + "\r\n"
                + "To: <" + contactUri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void answered(SipResponse response) {
        String callId;
        try {
            callId = response.callId();
        } catch (MalformedSipException unreadable) {
            return;
        }
        Pending p;
        synchronized (outstanding) {
            p = outstanding.remove(callId);
        }
        if (p != null) {
            answered.incrementAndGet();
            synchronized (misses) {
                misses.remove(p.contact());
            }
        }
    }

    private void expireOutstanding(long now) {
        List<Pending> late = new java.util.ArrayList<>();
        synchronized (outstanding) {
            for (Iterator<Pending> it = outstanding.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (now - p.sentNanos() < answerWaitNanos) {
                    break; // in sending order: the rest are younger
                }
                it.remove();
                late.add(p);
            }
        }
        for (Pending p : late) {
            unanswered.incrementAndGet();
            if (settings.removeAfterUnanswered() == 0) {
                continue;
            }
            int n;
            synchronized (misses) {
                n = misses.merge(p.contact(), 1, Integer::sum);
                if (n >= settings.removeAfterUnanswered()) {
                    misses.remove(p.contact());
                }
            }
            if (n >= settings.removeAfterUnanswered()) {
                remove(p);
            }
        }
    }

    private void remove(Pending p) {
        for (Binding b : location.lookup(p.aor())) {
            if (b.contactUri().equals(p.contact())) {
                // a delete newer than the binding, so every node applies it
                location.remove(p.aor(), b.contactUri(), b.callid(), b.cseq() + 1, BY_URI);
                removed.incrementAndGet();
                log.info("usrloc: {} of {} removed after {} unanswered keepalives", p.contact(), p.aor(),
                        settings.removeAfterUnanswered());
            }
        }
    }

    /** Where a binding behind a NAT is pinged: its received address over UDP, or null when it is not pinged. */
    static InetSocketAddress target(Binding b) {
        if (b.received().isEmpty() || !b.path().isEmpty()) {
            return null;
        }
        try {
            SipUri uri = SipUri.parse(b.received().toString());
            String transport = uri.transport();
            if (transport != null && !transport.equalsIgnoreCase("udp")) {
                return null;
            }
            String host = uri.host();
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            return new InetSocketAddress(host, uri.port() < 0 ? 5060 : uri.port());
        } catch (MalformedSipException | IllegalArgumentException unreadable) {
            return null;
        }
    }

    public Stats stats() {
        return new Stats(sent.get(), answered.get(), unanswered.get(), skipped.get(), removed.get());
    }

    private static String hostText(String address) {
        return address.indexOf(':') >= 0 ? "[" + address + "]" : address.toLowerCase(Locale.ROOT);
    }
}
