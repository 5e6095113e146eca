package io.sipcluster.runtime.transport;

import io.sipcluster.core.config.BinUrl;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.sipcluster.runtime.TrafficClass;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One outgoing connection: to one destination url, for one {@link TrafficClass}, with its own bounded queue.
 *
 * <p>Opened when the first packet is queued; reconnected on demand after a loss. A failed attempt drops what was
 * queued and starts a backoff (doubling, capped) during which new packets are dropped too: the core's pings and
 * sync retries cope with loss, and a dead peer must not fill memory. Packets move from the queue into Netty only
 * while the channel is writable (64 KB watermark), so the queue, not Netty's buffer, is where a backlog waits.
 *
 * <p>{@link #send} runs on the loop thread and never blocks it (a short lock guards the queue); everything else
 * runs on the channel's I/O thread.
 */
final class OutboundConnection {
    private static final WriteBufferWaterMark WATERMARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final TransportContext t;
    private final DestinationKey key;
    private final long queueLimit;
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();

    // guarded by this
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private Channel channel;
    private boolean connecting;
    private boolean shutDown;
    private boolean backingOff;
    private long retryAtNanos;
    private long backoffNanos;
    private boolean lossReported;
    /** Set by {@link #peerSeen} while an attempt is under way: if that attempt fails, retry without a backoff. */
    private boolean peerSeenDuringAttempt;

    OutboundConnection(TransportContext t, DestinationKey key) {
        this.t = t;
        this.key = key;
        this.queueLimit = key.trafficClass() == TrafficClass.CONTROL
                ? t.limits.controlQueueBytes() : t.limits.bulkQueueBytes();
    }

    DestinationKey key() {
        return key;
    }

    /** Queues one encoded packet; drops and counts it when the queue is full or the destination is in backoff. */
    void send(byte[] packet) {
        boolean connect = false;
        long full = -1;
        Channel ch;
        synchronized (this) {
            if (shutDown || (channel == null && !connecting && backingOff && System.nanoTime() - retryAtNanos < 0)) {
                t.counters.unreachableDropped.increment();
                return;
            }
            if (queuedBytes + packet.length > queueLimit) {
                full = queuedBytes;
            } else {
                queue.add(packet);
                queuedBytes += packet.length;
                t.counters.queued(key.trafficClass(), packet.length);
                if (channel == null && !connecting) {
                    connecting = true;
                    peerSeenDuringAttempt = false;
                    connect = true;
                }
            }
            ch = channel;
        }
        if (full >= 0) {
            t.counters.queueFull(key.trafficClass());
            t.queueFull.warn("BIN {} queue to {} is full ({} bytes); dropping a packet", key.trafficClass(),
                    key.url(), full);
            return;
        }
        if (connect) {
            connect();
        } else if (ch != null) {
            schedulePump(ch);
        }
    }

    private void schedulePump(Channel ch) {
        if (pumpScheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(() -> {
                pumpScheduled.set(false);
                pump(ch);
            });
        }
    }

    /** Moves queued packets into the channel while it is writable. I/O thread. */
    void pump(Channel ch) {
        boolean wrote = false;
        while (ch.isWritable()) {
            byte[] p;
            synchronized (this) {
                if (channel != ch || (p = queue.poll()) == null) {
                    break;
                }
                queuedBytes -= p.length;
            }
            t.counters.queued(key.trafficClass(), -p.length);
            ch.write(Unpooled.wrappedBuffer(p), ch.voidPromise());
            t.counters.packetsSent.increment();
            t.counters.bytesSent.add(p.length);
            wrote = true;
        }
        if (wrote) {
            ch.flush();
        }
    }

    private void connect() {
        BinUrl url = key.binUrl();
        Bootstrap b = new Bootstrap()
                .group(t.io().io)
                .channel(t.io().channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) t.limits.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATERMARK)
                .handler(new Pipelines.Outbound(t, this));
        ChannelFuture f = b.connect(url.host(), url.port());
        f.addListener(done -> {
            if (done.isSuccess()) {
                connected(f.channel());
            } else {
                connectFailed(done.cause());
            }
        });
    }

    private void connected(Channel ch) {
        synchronized (this) {
            connecting = false;
            channel = ch; // even when shutting down: what was queued while connecting is still written
            backingOff = false;
            backoffNanos = 0;
            lossReported = false;
        }
        t.counters.connectionsOpened.increment();
        t.counters.openOutbound.incrementAndGet();
        TransportContext.log().debug("BIN {} connection to {} open ({})", key.trafficClass(), key.url(), ch.localAddress());
        pump(ch);
    }

    private void connectFailed(Throwable cause) {
        t.counters.connectFailures.increment();
        int dropped;
        boolean report;
        long waitNanos;
        synchronized (this) {
            connecting = false;
            dropped = dropQueue();
            long min = t.limits.reconnectBackoffMin().toNanos();
            long max = t.limits.reconnectBackoffMax().toNanos();
            backoffNanos = backoffNanos == 0 ? min : Math.min(max, backoffNanos * 2);
            retryAtNanos = System.nanoTime() + backoffNanos;
            // The peer connected to us while this attempt failed (it was starting): its next pong must not wait.
            backingOff = !peerSeenDuringAttempt;
            waitNanos = backingOff ? backoffNanos : 0;
            report = !lossReported;
            lossReported = true;
        }
        t.counters.unreachableDropped.add(dropped);
        t.unreachable.log("BIN cannot connect to {}: {}; retrying in {} ms", key.url(),
                cause == null ? "unknown" : cause.getMessage(), TimeUnit.NANOSECONDS.toMillis(waitNanos));
        if (report) {
            reportLoss();
        }
    }

    /**
     * A channel closed: one we retired (idle), or the current one, closed by the peer or the network (a loss) or
     * by shutdown. I/O thread.
     */
    void closed(Channel ch) {
        boolean lost;
        boolean reconnect;
        synchronized (this) {
            boolean current = channel == ch;
            if (current) {
                channel = null;
            }
            lost = current && !shutDown;
            reconnect = !shutDown && channel == null && !connecting && !queue.isEmpty();
            if (reconnect) {
                connecting = true;
                peerSeenDuringAttempt = false;
            }
            if (lost) {
                lossReported = true;
            }
        }
        t.counters.openOutbound.decrementAndGet();
        if (lost) {
            t.counters.connectionsLost.increment();
            TransportContext.log().info("BIN {} connection to {} lost", key.trafficClass(), key.url());
            reportLoss();
        }
        if (reconnect) {
            connect();
        }
    }

    /**
     * No traffic for the idle timeout: retire the channel at once (packets sent from now on open a new one) and
     * close it. I/O thread.
     */
    void idle(Channel ch) {
        synchronized (this) {
            if (channel != ch || !queue.isEmpty()) {
                return;
            }
            channel = null;
        }
        t.counters.idleClosed.increment();
        TransportContext.log().debug("BIN {} connection to {} idle; closing it", key.trafficClass(), key.url());
        ch.close();
    }

    /** The peer's host connected to us: it is back, so try again at once instead of waiting out the backoff. */
    void peerSeen() {
        synchronized (this) {
            backingOff = false;
            backoffNanos = 0;
            peerSeenDuringAttempt = connecting;
        }
    }

    /** Nothing left that shutdown could still write: the queue is empty, or there is no connection and none coming. */
    synchronized boolean drained() {
        return queue.isEmpty() || (channel == null && !connecting);
    }

    /** Stops taking packets; returns the channel to flush and close, or null. */
    Channel shutDown() {
        synchronized (this) {
            shutDown = true;
            return channel;
        }
    }

    /** Drops what is still queued after shutdown's flush timeout. */
    void discard() {
        int dropped;
        synchronized (this) {
            dropped = dropQueue();
        }
        t.counters.unreachableDropped.add(dropped);
    }

    private int dropQueue() {
        int n = queue.size();
        t.counters.queued(key.trafficClass(), -queuedBytes);
        queue.clear();
        queuedBytes = 0;
        return n;
    }

    /** Only the control connection speaks for the link: losing an idle bulk connection says nothing of the peer. */
    private void reportLoss() {
        if (key.trafficClass() == TrafficClass.CONTROL) {
            t.inbound.connectionLost(key.url());
        }
    }
}
