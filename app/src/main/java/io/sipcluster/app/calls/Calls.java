package io.sipcluster.app.calls;

import io.sipcluster.app.registration.Registrations;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.config.HostPort;
import io.sipcluster.dialog.CallRecord;
import io.sipcluster.dialog.CallRecordSink;
import io.sipcluster.dialog.DialogSettings;
import io.sipcluster.dialog.Dialogs;
import io.sipcluster.dialog.ProfileLimit;
import io.sipcluster.dialog.cdr.AsyncCallRecords;
import io.sipcluster.dialog.cdr.CsvCallRecords;
import io.sipcluster.dialog.cdr.SqlCallRecords;
import io.sipcluster.dialog.cluster.DialogReplication;
import io.sipcluster.dialog.cluster.ProfileReplication;
import io.sipcluster.dialog.mgmt.DialogCommands;
import io.sipcluster.ratelimit.Pipes;
import io.sipcluster.ratelimit.cluster.PipeReplication;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.proxy.CallHooks;
import io.sipcluster.proxy.Hop;
import io.sipcluster.proxy.ProxyConfig;
import io.sipcluster.proxy.ProxyEdge;
import io.sipcluster.proxy.SipTimers;
import io.sipcluster.provisioning.config.CallsConfig;
import io.sipcluster.registrar.TcpRegistrar;
import io.sipcluster.registrar.UdpRegistrar;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.sip.Methods;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipUri;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls part of a node: the proxy on the registrar's UDP sockets, the dialogs with their limits, timeouts and
 * CDRs, the sharing-tag states they follow, and the floating address opened while a tag is active here. Built from
 * the node file's {@code calls} section.
 */
public final class Calls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Calls.class);
    private static final Hop NO_SOURCE = Hop.udp("0.0.0.0", 9);
    /** OpenSIPS's replicate_profiles_timer and replicate_profiles_expire. */
    private static final long PROFILE_BROADCAST_MILLIS = 200;
    private static final long PROFILE_EXPIRE_MILLIS = 10_000;

    private final CallsConfig config;
    private final Registrations registrations;
    private final ProxyEdge edge;
    private final Dialogs dialogs;
    private final ScheduledExecutorService timer;
    private final List<AsyncCallRecords> recordSinks = new ArrayList<>();
    private final Map<String, Boolean> tags = new ConcurrentHashMap<>();
    private final int tagCluster;
    private volatile UdpRegistrar floating;
    private DialogReplication replication;
    private ProfileReplication profileReplication;
    private final Pipes pipes;
    private PipeReplication pipeReplication;

    private Calls(CallsConfig config, Registrations registrations, ProxyEdge edge, Dialogs dialogs,
                  ScheduledExecutorService timer, int tagCluster, Pipes pipes) {
        this.pipes = pipes;
        this.config = config;
        this.registrations = registrations;
        this.edge = edge;
        this.dialogs = dialogs;
        this.timer = timer;
        this.tagCluster = tagCluster;
    }

    /**
     * Starts the proxy on {@code registrations}' UDP sockets (the first one sends), the dialog timer and the CDR
     * writers, and follows {@code node}'s sharing tags.
     *
     * @throws IllegalStateException when the node has no UDP SIP socket, or a CDR store cannot be opened
     */
    public static Calls start(CallsConfig config, Registrations registrations, ClusterNode node, int tagCluster) {
        List<UdpRegistrar> sockets = registrations.udpSockets();
        if (sockets.isEmpty()) {
            throw new IllegalStateException("calls: the proxy needs a udp: SIP listener");
        }
        UdpRegistrar main = sockets.get(0);
        InetSocketAddress local = main.localAddress();
        if (local.getAddress().isAnyLocalAddress()) {
            throw new IllegalStateException("calls: the first udp: SIP listener is " + local + "; the proxy puts it in"
                    + " its Via, so it must be a concrete address (list the wildcard after it if needed)");
        }
        Hop via = Hop.udp(local.getAddress().getHostAddress(), local.getPort());
        List<Hop> own = new ArrayList<>();
        for (UdpRegistrar s : sockets) {
            own.add(Hop.udp(s.localAddress().getAddress().getHostAddress(), s.localAddress().getPort()));
        }
        for (HostPort a : config.addresses()) {
            own.add(Hop.udp(a.host(), a.port()));
        }
        config.floating().ifPresent(f -> own.add(Hop.udp(f.address().host(), f.address().port())));
        List<TcpRegistrar> tcp = registrations.tcpSockets();
        Hop viaTcp = tcp.isEmpty() || tcp.get(0).localAddress().getAddress().isAnyLocalAddress() ? null
                : new Hop(tcp.get(0).localAddress().getAddress().getHostAddress(), tcp.get(0).localAddress().getPort(),
                        "TCP");
        ProxyConfig proxyConfig = new ProxyConfig(via, config.recordRoute().orElse("sip:" + via.hostPort() + ";lr"),
                own, java.util.Set.copyOf(config.domains()), config.relay(), 10,
                SipTimers.RFC3261.withTimerC(config.inviteTimeout()), viaTcp);
        CallsConfig.Dialog d = config.dialog();
        List<ProfileLimit> limits = config.limits().stream().map(l -> new ProfileLimit(l.profile(),
                ProfileLimit.Key.parse(l.key()), l.max(), l.status())).toList();
        Dialogs dialogs = new Dialogs(new DialogSettings(node.nodeId(), d.defaultTimeout().toSeconds(),
                d.sharingTag().orElse(""), d.maxDialogs(), limits, d.handover().toMillis(),
                d.pingInterval().toMillis()), proxyConfig);
        Pipes pipes = new Pipes(Pipes.Settings.DEFAULTS);
        CallHooks hooks = config.pipes().isEmpty() ? dialogs : new RateLimits(pipes, config.pipes(), dialogs);
        ProxyEdge edge = new ProxyEdge(proxyConfig, new LocationLocator(registrations.location()), hooks, main::send);
        dialogs.sendRequestsWith((method, to, build, onFinal) -> edge.originate(method, to, build, onFinal));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "calls-timer");
            t.setDaemon(true);
            return t;
        });
        Calls calls = new Calls(config, registrations, edge, dialogs, timer, tagCluster, pipes);
        try {
            calls.openRecords();
            for (UdpRegistrar s : sockets) {
                calls.attach(s);
            }
            for (TcpRegistrar t : tcp) {
                calls.attach(t);
            }
            if (viaTcp != null) {
                edge.sendTcpWith(tcp.get(0)::send);
            }
            calls.followTags(node);
            calls.replicate(node);
            calls.startPipes(node);
            timer.scheduleWithFixedDelay(calls::expire, 1, 1, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            calls.close();
            throw e;
        }
        log.info("calls: proxy on {} (Record-Route {}), dialogs timeout {} s{}", via, proxyConfig.recordRoute(),
                d.defaultTimeout().toSeconds(), d.sharingTag().map(t -> ", sharing tag " + t).orElse(""));
        return calls;
    }

    public ProxyEdge proxy() {
        return edge;
    }

    public Dialogs dialogs() {
        return dialogs;
    }

    /** The CDR writers (CSV, SQL) in the order configured. */
    public List<AsyncCallRecords> recordSinks() {
        return List.copyOf(recordSinks);
    }

    /** The floating socket's address while it is open here. */
    public Optional<InetSocketAddress> floatingAddress() {
        UdpRegistrar f = floating;
        return f == null ? Optional.empty() : Optional.of(f.localAddress());
    }

    private void openRecords() {
        try {
            if (config.cdr().csv().isPresent()) {
                recordSinks.add(CsvCallRecords.open(config.cdr().csv().get()));
            }
            if (config.cdr().sql().isPresent()) {
                recordSinks.add(SqlCallRecords.open(config.cdr().sql().get()));
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("calls: cannot open the CDR store: " + e.getMessage(), e);
        }
        List<AsyncCallRecords> sinks = List.copyOf(recordSinks);
        dialogs.recordTo(sinks.isEmpty() ? CallRecordSink.NONE : (CallRecord r) -> {
            for (AsyncCallRecords s : sinks) {
                s.write(r);
            }
        });
    }

    /** Requests that are not REGISTER, nor OPTIONS for this node itself, go to the proxy. */
    private void attach(UdpRegistrar socket) {
        socket.interceptRequests((request, from, transport) -> {
            if (isRegistrars(request)) {
                return false;
            }
            edge.onRequest(request, from, transport);
            return true;
        });
        socket.onResponse(response -> {
            if (edge.isForUs(response)) {
                edge.onResponse(response, NO_SOURCE);
            }
        });
    }

    private void attach(TcpRegistrar listener) {
        listener.interceptRequests((request, from, transport) -> {
            if (isRegistrars(request)) {
                return false;
            }
            edge.onRequest(request, from, transport);
            return true;
        });
        listener.onResponse(response -> {
            if (edge.isForUs(response)) {
                edge.onResponse(response, NO_SOURCE);
            }
        });
    }

    private boolean isRegistrars(SipRequest request) {
        String m = request.method();
        if (Methods.REGISTER.equals(m)) {
            return true;
        }
        if (!Methods.OPTIONS.equals(m)) {
            return false;
        }
        try {
            return request.requestUri() instanceof SipUri u && !u.hasUser()
                    && edge.config().isOwn(u.host(), u.port());
        } catch (io.sipcluster.sip.MalformedSipException bad) {
            return true; // the registrar answers 400
        }
    }

    private void followTags(ClusterNode node) {
        tags.putAll(node.sharingTags(tagCluster));
        node.addListener(e -> {
            if (e instanceof ClusterEvent.SharingTagChanged t && t.clusterId() == tagCluster) {
                tags.put(t.tag(), t.active());
                timer.execute(this::tagsChanged);
            }
        });
        tagsChanged();
    }

    /** On the calls timer thread: dialogs follow the tags, and the floating socket opens or closes. */
    private void tagsChanged() {
        dialogs.tagsChanged(tag -> !tags.getOrDefault(tag, true));
        config.floating().ifPresent(f -> {
            boolean active = tags.getOrDefault(f.sharingTag(), false);
            if (active && floating == null) {
                openFloating(f);
            } else if (!active && floating != null) {
                log.info("calls: sharing tag {} is backup here; closing the floating address {}", f.sharingTag(),
                        f.address());
                UdpRegistrar main = registrations.udpSockets().get(0);
                InetSocketAddress local = main.localAddress();
                edge.sendFrom(Hop.udp(local.getAddress().getHostAddress(), local.getPort()), main::send);
                floating.close();
                floating = null;
            }
        });
    }

    private void openFloating(CallsConfig.Floating f) {
        InetSocketAddress at = new InetSocketAddress(f.address().host(), f.address().port());
        try {
            UdpRegistrar s = registrations.openUdp(at);
            attach(s);
            floating = s;
            // what this node sends now leaves from the shared address, and its answers come back there: a UA that
            // answers to the source of a request (as sipp does) reaches whoever holds the address then
            edge.sendFrom(Hop.udp(f.address().host(), f.address().port()), s::send);
            log.info("calls: sharing tag {} is active here; listening on the floating address {}", f.sharingTag(), at);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the other node may still hold it (it is dying, or both think they are active): retried in 1 s
            log.warn("calls: cannot open the floating address {} yet: {}", at, e.getMessage());
            timer.schedule(this::tagsChanged, 1, TimeUnit.SECONDS);
        }
    }

    /** Dialogs and profile counts go to their clusters, when the file names them. */
    private void replicate(ClusterNode node) {
        CallsConfig.Dialog d = config.dialog();
        if (d.cluster().isPresent()) {
            replication = new DialogReplication(d.cluster().getAsInt(), d.wireVersion());
            replication.start(node, dialogs).exceptionally(e -> {
                log.warn("calls: dialog sync not started: {}", e.getMessage());
                return null;
            });
        }
        if (config.profileCluster().isPresent()) {
            profileReplication = new ProfileReplication(config.profileCluster().getAsInt(), d.wireVersion(),
                    PROFILE_EXPIRE_MILLIS);
            profileReplication.start(node, dialogs);
            timer.scheduleAtFixedRate(() -> {
                try {
                    profileReplication.broadcast(System.currentTimeMillis());
                } catch (RuntimeException bug) {
                    log.error("calls: profile broadcast failed", bug);
                }
            }, PROFILE_BROADCAST_MILLIS, PROFILE_BROADCAST_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void startPipes(ClusterNode node) {
        if (config.pipes().stream().anyMatch(p -> p.algorithm().equals("feedback"))) {
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            timer.scheduleAtFixedRate(() -> {
                double load = os.getCpuLoad();
                if (load >= 0) {
                    pipes.load(load);
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
        if (config.pipeCluster().isPresent()) {
            pipeReplication = new PipeReplication(config.pipeCluster().getAsInt(), pipes);
            pipeReplication.start(node);
            timer.scheduleAtFixedRate(() -> {
                try {
                    pipeReplication.broadcast(System.currentTimeMillis());
                } catch (RuntimeException bug) {
                    log.error("calls: pipe broadcast failed", bug);
                }
            }, PROFILE_BROADCAST_MILLIS, PROFILE_BROADCAST_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    public Pipes pipes() {
        return pipes;
    }

    public Optional<DialogReplication> replication() {
        return Optional.ofNullable(replication);
    }

    public Optional<ProfileReplication> profileReplication() {
        return Optional.ofNullable(profileReplication);
    }

    public void registerMeters(io.micrometer.core.instrument.MeterRegistry meters) {
        CallMetrics.register(this, meters);
    }

    /** OpenSIPS's dialog commands ({@code dlg_list}, {@code dlg_end_dlg}, ...). */
    public void registerCommands(CommandRegistry commands) {
        DialogReplication r = replication;
        new DialogCommands(dialogs, r == null ? null : r::resync).registerOn(commands);
        new RateLimitCommands(pipes).registerOn(commands);
    }

    private void expire() {
        try {
            long now = System.currentTimeMillis();
            dialogs.expire(now);
            dialogs.ping(now);
        } catch (RuntimeException bug) {
            log.error("calls: the dialog timer failed; retried in 1 s", bug);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        UdpRegistrar f = floating;
        if (f != null) {
            f.close();
        }
        edge.close();
        for (AsyncCallRecords s : recordSinks) {
            s.close();
        }
    }
}
