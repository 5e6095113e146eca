package io.sipcluster.app.registration;

import io.micrometer.core.instrument.MeterRegistry;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.provisioning.config.SipConfig;
import io.sipcluster.provisioning.config.UsrlocConfig;
import io.sipcluster.mgmt.events.EventHub;
import io.sipcluster.mgmt.events.ManagementEvent;
import io.sipcluster.registrar.LocationBindingStore;
import io.sipcluster.registrar.NatPinger;
import io.sipcluster.registrar.Registrar;
import io.sipcluster.registrar.RegistrarConfig;
import io.sipcluster.registrar.TcpRegistrar;
import io.sipcluster.registrar.UdpRegistrar;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.LocationTable;
import io.sipcluster.usrloc.UsrlocLimits;
import io.sipcluster.usrloc.cluster.UsrlocReplication;
import io.sipcluster.usrloc.duty.ContactDuty;
import io.sipcluster.usrloc.mgmt.UsrlocCommands;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.usrloc.sql.LocationWriter;
import io.sipcluster.usrloc.sql.SqlLocationStore;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrations part of a node: the usrloc location table, its replication in the cluster, its housekeeping,
 * and the SIP registrar that fills it, assembled from the node file's {@code usrloc} and {@code sip} sections.
 *
 * <p>Start order matters: the table and its replication first (so a sync can start while the SIP sockets open),
 * then the listeners. Close in the reverse order: no REGISTER is accepted into a table that is going away.
 */
public final class Registrations implements AutoCloseable {
    /** OpenSIPS's event for a removed contact. */
    public static final String CONTACT_DELETE_EVENT = "E_UL_CONTACT_DELETE";
    private static final Logger log = LoggerFactory.getLogger(Registrations.class);

    private final UsrlocConfig config;
    private final LocationService location;
    private final UsrlocReplication replication;
    private final ScheduledExecutorService timer;
    private SqlLocationStore store;
    private LocationWriter writer;
    private NatPinger pinger;
    /** Which bindings this node pings and reports the expiry of; rebuilt when the cluster changes. */
    private volatile ContactDuty duty = ContactDuty.everything();
    private volatile EventHub events;
    private final AtomicLong expiriesReported = new AtomicLong();
    private final List<UdpRegistrar> udp = new ArrayList<>();
    private final List<TcpRegistrar> tcp = new ArrayList<>();
    private Registrar registrar;

    private Registrations(UsrlocConfig config, LocationService location, UsrlocReplication replication,
                          ScheduledExecutorService timer) {
        this.config = config;
        this.location = location;
        this.replication = replication;
        this.timer = timer;
    }

    /**
     * Starts the table on {@code node} (replicating in the configured cluster), then the registrar on every SIP
     * socket of {@code sip}, if any.
     *
     * @throws InterruptedException while binding a socket
     * @throws RuntimeException when a socket cannot be bound (everything started is closed again)
     */
    public static Registrations start(UsrlocConfig config, Optional<SipConfig> sip, ClusterNode node)
            throws InterruptedException {
        UsrlocReplication replication = config.cluster().isPresent()
                ? new UsrlocReplication(config.cluster().getAsInt()) : null;
        // contacts are keyed by URI, as the registrar matches them (OpenSIPS matching_mode 0)
        LocationTable table = new LocationTable(config.table(), new UsrlocLimits(config.maxContactsPerAor(),
                config.maxContacts(), UsrlocLimits.DEFAULTS.maxTombstones(), UsrlocLimits.DEFAULTS.tombstoneSeconds(),
                UsrlocLimits.DEFAULTS.cseqDelaySeconds()), io.sipcluster.wire.usrloc.ContactMatch.CONTACT_ONLY);
        LocationService location = new LocationService(table, () -> System.currentTimeMillis() / 1000,
                replication == null ? LocationService.ReplicationSink.NONE : replication);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "usrloc-timer");
            t.setDaemon(true);
            return t;
        });
        Registrations r = new Registrations(config, location, replication, timer);
        try {
            if (config.sql().isPresent()) {
                r.persist(config.sql().get());
            }
            if (replication != null) {
                replication.onClusterEvent(e -> {
                    if (e instanceof ClusterEvent.NodeUp || e instanceof ClusterEvent.NodeDown
                            || e instanceof ClusterEvent.CapabilityChanged || e instanceof ClusterEvent.SharingTagChanged
                            || e instanceof ClusterEvent.SyncDone || e instanceof ClusterEvent.SyncSeedFallback) {
                        r.clusterChanged(node);
                    }
                });
                replication.start(node, location);
                r.clusterChanged(node);
            }
            long every = Math.max(1, config.expiryInterval().toMillis());
            timer.scheduleWithFixedDelay(r::expire, every, every, TimeUnit.MILLISECONDS);
            if (sip.isPresent()) {
                r.listen(sip.get());
            }
            config.natPing().ifPresent(r::startNatPing);
        } catch (InterruptedException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /**
     * Reads the table back from SQL (before any sync, which then merges into it), then writes every change behind
     * the SIP path.
     */
    private void persist(UsrlocConfig.Sql sql) {
        try {
            store = SqlLocationStore.open(sql.connection());
            long t0 = System.nanoTime();
            int restored = store.loadInto(location);
            log.info("usrloc: {} bindings restored from {} in {} ms", restored, store,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (SQLException e) {
            throw new IllegalStateException("usrloc: cannot use the location table at " + sql.connection().jdbcUrl()
                    + ": " + e.getMessage(), e);
        }
        writer = new LocationWriter(store, location, sql.flushInterval(), sql.batchSize());
        location.addObserver(writer);
    }

    private void listen(SipConfig sip) throws InterruptedException {
        registrar = new Registrar(new LocationBindingStore(location, config.sharingTag().orElse("")),
                new RegistrarConfig(sip.minExpires(), sip.maxExpires(), sip.defaultExpires()));
        for (SipConfig.Listen l : sip.listen()) {
            InetSocketAddress at = new InetSocketAddress(l.address().host(), l.address().port());
            if (l.transport() == SipConfig.Transport.UDP) {
                udp.add(UdpRegistrar.start(registrar, at));
            } else {
                tcp.add(TcpRegistrar.start(registrar, at));
            }
        }
        log.info("registrar listening on {}", sipAddresses());
    }

    /**
     * Rebuilds the duty from the cluster as the engine sees it (called on the loop thread for every event of the
     * cluster, and once at start).
     */
    private void clusterChanged(ClusterNode node) {
        int cluster = replication.clusterId();
        ContactDuty next = node.loop().read((engine, now, fx) ->
                ClusterDuty.of(engine, cluster, config.dutyMode()));
        if (!next.toString().equals(duty.toString())) {
            log.info("usrloc: this node now pings and reports the expiry of {}", next);
        }
        duty = next;
    }

    private void startNatPing(UsrlocConfig.NatPing p) {
        if (udp.isEmpty()) {
            log.warn("usrloc: nat_ping needs a UDP SIP socket; no keepalives are sent");
            return;
        }
        pinger = new NatPinger(location, () -> duty, udp.get(0), new NatPinger.Settings(p.interval(),
                p.maxPerTick(), p.method().equals("crlf"), p.removeAfterUnanswered()));
        timer.scheduleAtFixedRate(() -> {
            try {
                pinger.tick();
            } catch (RuntimeException bug) {
                log.error("usrloc: NAT keepalives failed; retried at the next tick", bug);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Publishes {@code E_UL_CONTACT_DELETE} for the expiries this node reports (its duty), to {@code hub}. */
    public void reportExpiriesTo(EventHub hub) {
        hub.declare(CONTACT_DELETE_EVENT);
        this.events = hub;
    }

    /** One E_UL_CONTACT_DELETE, with OpenSIPS's parameter names; a failure loses this event only. */
    private static void publishExpiry(EventHub hub, LocationTable.Expired e) {
        try {
            Binding b = e.binding();
            hub.publish(ManagementEvent.of(CONTACT_DELETE_EVENT, "aor", e.aor().toString(),
                    "uri", b.contactUri().toString(), "received", b.received().toString(),
                    "callid", b.callid().toString(), "cseq", b.cseq(),
                    "expires", (int) Math.min(Integer.MAX_VALUE, b.expires()), "reason", "expired"));
        } catch (RuntimeException bug) {
            log.warn("usrloc: the expiry event of {} could not be published", e.aor(), bug);
        }
    }

    private void expire() {
        try {
            List<LocationTable.Expired> gone = location.expire();
            ContactDuty mine = duty;
            EventHub hub = events;
            for (LocationTable.Expired e : gone) {
                if (mine.actsOn(e.aor(), e.binding())) {
                    expiriesReported.incrementAndGet();
                    if (hub != null) {
                        publishExpiry(hub, e);
                    }
                }
            }
            if (!gone.isEmpty()) {
                log.debug("usrloc: {} bindings expired", gone.size());
            }
        } catch (RuntimeException bug) {
            log.error("usrloc expiry failed; retried at the next interval", bug);
        }
    }

    public LocationService location() {
        return location;
    }

    /** The replication in the cluster, when the table is clustered. */
    public Optional<UsrlocReplication> replication() {
        return Optional.ofNullable(replication);
    }

    /** The SIP sockets as bound (ports resolved), {@code udp:} and {@code tcp:} prefixed. */
    /** The TCP SIP listeners, in file order. */
    public List<TcpRegistrar> tcpSockets() {
        return List.copyOf(tcp);
    }

    /** The UDP SIP sockets, first the first listed (where a proxy sends from). */
    public List<UdpRegistrar> udpSockets() {
        return List.copyOf(udp);
    }

    /**
     * Opens one more UDP socket with the same registrar (a floating address); the caller closes it.
     *
     * @throws IllegalStateException without a SIP section
     */
    public UdpRegistrar openUdp(InetSocketAddress at) throws InterruptedException {
        if (registrar == null) {
            throw new IllegalStateException("no SIP section: no registrar to listen with");
        }
        return UdpRegistrar.start(registrar, at);
    }

    public List<String> sipAddresses() {
        List<String> out = new ArrayList<>();
        udp.forEach(u -> out.add("udp:" + hostPort(u.localAddress())));
        tcp.forEach(t -> out.add("tcp:" + hostPort(t.localAddress())));
        return out;
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** Adds the usrloc management commands. */
    public void registerCommands(CommandRegistry commands) {
        new UsrlocCommands(location, replication == null ? null : replication::resync,
                writer == null ? null : writer::markAll).registerOn(commands);
    }

    /** usrloc and registrar meters. */
    public void registerMeters(MeterRegistry meters) {
        RegistrationMetrics.register(this, meters);
    }

    List<UdpRegistrar> udpListeners() {
        return udp;
    }

    List<TcpRegistrar> tcpListeners() {
        return tcp;
    }

    static String hostPortOf(InetSocketAddress a) {
        return hostPort(a);
    }

    /** What this node acts on now. */
    public ContactDuty duty() {
        return duty;
    }

    public Optional<NatPinger> natPinger() {
        return Optional.ofNullable(pinger);
    }

    /** Expiries this node reported (the others were reported by the node whose duty they are). */
    public long expiriesReported() {
        return expiriesReported.get();
    }

    /** The SQL writer, when the table is persisted. */
    public Optional<LocationWriter> writer() {
        return Optional.ofNullable(writer);
    }

    @Override
    public void close() {
        udp.forEach(UdpRegistrar::close);
        tcp.forEach(TcpRegistrar::close);
        timer.shutdownNow();
        if (writer != null) {
            writer.close(); // writes what is left
        }
        if (store != null) {
            store.close();
        }
    }
}
