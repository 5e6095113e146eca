package io.sipcluster.proxy;

import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import io.sipcluster.sip.Via;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy at the edge: sockets hand it what they read, a timer thread runs its timers every 10 ms, and one lock
 * keeps the {@link Proxy} core single-threaded. Sends go to a socket's writer, which must not block.
 */
public final class ProxyEdge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxyEdge.class);
    private static final long TICK_MILLIS = 10;

    private final Proxy proxy;
    private final LongSupplier clock;
    private final String branchPrefix;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private volatile BiConsumer<InetSocketAddress, byte[]> sender;
    private volatile BiConsumer<InetSocketAddress, byte[]> tcpSender;

    /**
     * @param send writes a datagram from this node's SIP socket
     */
    public ProxyEdge(ProxyConfig config, Locator locator, CallHooks hooks, BiConsumer<InetSocketAddress, byte[]> send) {
        this(config, locator, hooks, send, System::currentTimeMillis, randomSalt());
    }

    ProxyEdge(ProxyConfig config, Locator locator, CallHooks hooks, BiConsumer<InetSocketAddress, byte[]> send,
              LongSupplier clock, String salt) {
        this.sender = Objects.requireNonNull(send, "send");
        this.clock = clock;
        this.proxy = new Proxy(config, locator, hooks, (to, bytes) -> {
            InetSocketAddress address = resolve(to);
            if (address == null) {
                return;
            }
            BiConsumer<InetSocketAddress, byte[]> tcp = tcpSender;
            if ("TCP".equals(to.transport()) && tcp != null) {
                tcp.accept(address, bytes);
            } else {
                sender.accept(address, bytes);
            }
        }, salt);
        this.branchPrefix = "z9hG4bK" + salt + ".";
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "proxy-timers");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends from another socket, with its address in our Via (the floating address while this node holds it);
     * see {@link Proxy#useVia}.
     */
    public void sendFrom(Hop via, BiConsumer<InetSocketAddress, byte[]> send) {
        synchronized (lock) {
            proxy.useVia(via);
            sender = Objects.requireNonNull(send);
        }
    }

    /** What goes to a TCP next hop goes through {@code send} (a TCP listener's connections). */
    public void sendTcpWith(BiConsumer<InetSocketAddress, byte[]> send) {
        tcpSender = Objects.requireNonNull(send);
    }

    public ProxyCounters counters() {
        return proxy.counters();
    }

    public ProxyConfig config() {
        return proxy.config();
    }

    public int transactions() {
        synchronized (lock) {
            return proxy.transactions();
        }
    }

    public void onRequest(SipRequest request, InetSocketAddress from, String transport) {
        Hop source = new Hop(from.getAddress().getHostAddress(), from.getPort(), transport);
        synchronized (lock) {
            proxy.onRequest(request, source, clock.getAsLong());
        }
    }

    /** True if the response's top Via is one this proxy put there (else it is someone else's on this socket). */
    public boolean isForUs(SipResponse response) {
        try {
            Via top = response.topVia();
            return top.branch() != null && top.branch().startsWith(branchPrefix);
        } catch (io.sipcluster.sip.MalformedSipException unreadable) {
            return false;
        }
    }

    public void onResponse(SipResponse response, Hop source) {
        synchronized (lock) {
            proxy.onResponse(response, source, clock.getAsLong());
        }
    }

    /** See {@link Proxy#originate}. */
    public String originate(String method, Hop to, Function<String, byte[]> build) {
        synchronized (lock) {
            return proxy.originate(method, to, build, clock.getAsLong());
        }
    }

    /** See {@link Proxy#originate}; {@code onFinal} is called under the proxy's lock: it must be quick. */
    public String originate(String method, Hop to, Function<String, byte[]> build,
                            java.util.function.IntConsumer onFinal) {
        synchronized (lock) {
            return proxy.originate(method, to, build, onFinal, clock.getAsLong());
        }
    }

    private void tick() {
        try {
            long now = clock.getAsLong();
            synchronized (lock) {
                if (proxy.nextTimerAt() <= now) {
                    proxy.runTimers(now);
                }
            }
        } catch (RuntimeException bug) {
            log.error("proxy: a timer failed; the others go on", bug);
        }
    }

    /**
     * An IP literal needs no lookup; a name is resolved here, on the caller's thread (contacts and Record-Routes
     * are IP addresses in most deployments; a name that does not resolve loses that message, logged).
     */
    private static InetSocketAddress resolve(Hop to) {
        try {
            return new InetSocketAddress(InetAddress.getByName(to.host()), to.port());
        } catch (UnknownHostException e) {
            log.warn("proxy: cannot resolve {}; message dropped", to.host());
            return null;
        }
    }

    private static String randomSalt() {
        SecureRandom r = new SecureRandom();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
