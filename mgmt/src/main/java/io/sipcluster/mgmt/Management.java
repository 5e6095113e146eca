package io.sipcluster.mgmt;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sipcluster.mgmt.clusterer.ClusterAdminCommands;
import io.sipcluster.mgmt.clusterer.ClusterCapabilityCommands;
import io.sipcluster.mgmt.clusterer.ClusterMiCommands;
import io.sipcluster.mgmt.clusterer.ClusterViewCommands;
import io.sipcluster.mgmt.clusterer.ProvisionedNodes;
import io.sipcluster.mgmt.clusterer.ProvisioningReload;
import io.sipcluster.mgmt.clusterer.RemoteCommandRunner;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.CoreCommands;
import io.sipcluster.mgmt.events.DeliverySettings;
import io.sipcluster.mgmt.events.EventCommands;
import io.sipcluster.mgmt.events.EventHub;
import io.sipcluster.mgmt.http.ManagementServer;
import io.sipcluster.mgmt.http.ManagementSettings;
import io.sipcluster.mgmt.metrics.ClusterMetrics;
import io.sipcluster.mgmt.metrics.ManagementMetrics;
import io.sipcluster.mgmt.rpc.JsonRpcDispatcher;
import io.sipcluster.runtime.EngineLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Management for one node, wired around its engine loop: the MI command registry with the clusterer and event
 * commands, the event hub, the metrics, and (when settings are given) the HTTP endpoint.
 *
 * <pre>{@code
 * Management mgmt = Management.builder(loop)
 *         .http(ManagementSettings.loopback(token))
 *         .reload(launcher::reloadProvisioning)
 *         .start();
 * mgmt.commands().register(...);          // more commands (usrloc's ul_dump, ...)
 * mgmt.events().addListener(event -> ...); // in-process events
 * }</pre>
 */
public final class Management implements AutoCloseable {
    private final EngineLoop loop;
    private final CommandRegistry commands = new CommandRegistry();
    private final PrometheusMeterRegistry meters;
    private final EventHub events;
    private final ClusterMetrics clusterMetrics;
    private final ClusterMiCommands clusterMi;
    private final RemoteCommandRunner remoteCommands;
    private final ThreadPoolExecutor work;
    private final ManagementServer server;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Management(Builder b) throws IOException {
        this.loop = b.loop;
        this.meters = b.meters != null ? b.meters : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ManagementMetrics mgmtMetrics = new ManagementMetrics(meters);
        this.events = new EventHub(b.delivery, mgmtMetrics);
        mgmtMetrics.watch(events);
        this.clusterMetrics = new ClusterMetrics(meters, loop, Duration.ofSeconds(2));
        this.work = workers();

        CoreCommands.register(commands);
        ClusterViewCommands.register(commands, loop, b.provisioned);
        ClusterAdminCommands.register(commands, loop, b.reload, b.provisioned, work);
        ClusterCapabilityCommands.register(commands, loop);
        this.clusterMi = ClusterMiCommands.register(commands, loop, b.clusterCommandTimeout);
        this.remoteCommands = new RemoteCommandRunner(loop, commands, work, b.remoteCommandTimeout);
        EventCommands.register(commands, events);

        loop.addListener(events);
        loop.addListener(clusterMetrics);
        loop.addListener(clusterMi);
        loop.addListener(remoteCommands);
        if (b.http == null) {
            this.server = null;
            return;
        }
        JsonRpcDispatcher rpc = new JsonRpcDispatcher(commands, b.http.commandTimeout(), b.http.maxBatch(),
                mgmtMetrics);
        try {
            this.server = ManagementServer.start(b.http, rpc, this::scrape, mgmtMetrics);
        } catch (IOException | RuntimeException e) {
            closeParts();
            throw e;
        }
    }

    public static Builder builder(EngineLoop loop) {
        return new Builder(loop);
    }

    /** The registry other modules add their commands to. */
    public CommandRegistry commands() {
        return commands;
    }

    /** Events for in-process listeners and HTTP subscribers. */
    public EventHub events() {
        return events;
    }

    /** The registry behind {@code /metrics}; other modules may add their meters. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Where the HTTP endpoint listens, or null when it was not started. */
    public InetSocketAddress address() {
        return server == null ? null : server.address();
    }

    /** The Prometheus text, with the cluster's state read fresh from the loop. */
    public String scrape() {
        clusterMetrics.refresh();
        return meters.scrape();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (server != null) {
            server.close();
        }
        closeParts();
    }

    private void closeParts() {
        loop.removeListener(events);
        loop.removeListener(clusterMetrics);
        loop.removeListener(clusterMi);
        loop.removeListener(remoteCommands);
        events.close();
        work.shutdownNow();
    }

    /** Threads for work that may block (a reload, a command received from another node): 2, with 32 queued. */
    private static ThreadPoolExecutor workers() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(32), r -> {
            Thread t = new Thread(r, "sipcluster-mgmt-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static final class Builder {
        private final EngineLoop loop;
        private ManagementSettings http;
        private ProvisioningReload reload;
        private ProvisionedNodes provisioned = ProvisionedNodes.NONE;
        private DeliverySettings delivery = DeliverySettings.defaults();
        private PrometheusMeterRegistry meters;
        private Duration clusterCommandTimeout = Duration.ofSeconds(5);
        private Duration remoteCommandTimeout = Duration.ofSeconds(10);

        private Builder(EngineLoop loop) {
            this.loop = loop;
        }

        /** Serve {@code /mi} and {@code /metrics}; without it, management is in-process only. */
        public Builder http(ManagementSettings settings) {
            this.http = settings;
            return this;
        }

        /** How {@code clusterer_reload} reloads provisioning; without it the command answers "Non-DB mode". */
        public Builder reload(ProvisioningReload reload) {
            this.reload = reload;
            return this;
        }

        /** The table rows behind the nodes, and where {@code clusterer_set_status} records a state (SQL mode). */
        public Builder provisionedNodes(ProvisionedNodes nodes) {
            this.provisioned = nodes;
            return this;
        }

        public Builder delivery(DeliverySettings settings) {
            this.delivery = settings;
            return this;
        }

        /** Share a meter registry with other parts of the node; by default management makes its own. */
        public Builder meters(PrometheusMeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        /**
         * How long {@code cluster_send_mi} and {@code cluster_broadcast_mi} wait for other nodes' results (5 s by
         * default); keep it below the HTTP command timeout, so that the answer names the node that was late.
         */
        public Builder clusterCommandTimeout(Duration timeout) {
            this.clusterCommandTimeout = timeout;
            return this;
        }

        /** How long a command sent here by another node may run before an error is answered (10 s by default). */
        public Builder remoteCommandTimeout(Duration timeout) {
            this.remoteCommandTimeout = timeout;
            return this;
        }

        /** Registers everything and, with {@link #http}, binds the endpoint. */
        public Management start() throws IOException {
            return new Management(this);
        }
    }
}
