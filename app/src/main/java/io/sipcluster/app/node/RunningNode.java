package io.sipcluster.app.node;

import io.sipcluster.app.calls.Calls;
import io.sipcluster.app.registration.Registrations;
import io.sipcluster.provisioning.config.CallsConfig;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.mgmt.Management;
import io.sipcluster.provisioning.config.NodeConfig;
import io.sipcluster.provisioning.config.NodeConfigLoader;
import io.sipcluster.provisioning.sql.SqlProvisioning;
import io.sipcluster.runtime.ClusterNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole node as {@code sipcluster node --config FILE} runs it: provisioning (file, and the {@code clusterer}
 * table in SQL mode), the clusterer on its loop with the BIN transport, and management.
 *
 * <p>This is also the shortest way to embed a node configured by a file: {@code RunningNode.start(path)}, then
 * {@link #node()} for the Java API.
 */
public final class RunningNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunningNode.class);

    private final NodeConfig config;
    private final ClusterNode node;
    private final SqlProvisioning sql;
    private final Management management;
    private final Registrations registrations;
    private final Calls calls;

    private RunningNode(NodeConfig config, ClusterNode node, SqlProvisioning sql, Management management,
                        Registrations registrations, Calls calls) {
        this.calls = calls;
        this.config = config;
        this.node = node;
        this.sql = sql;
        this.management = management;
        this.registrations = registrations;
    }

    /**
     * Loads and checks the node file, then starts everything.
     *
     * @throws io.sipcluster.provisioning.config.InvalidConfigException listing every problem of the file
     * @throws io.sipcluster.provisioning.sql.ProvisioningException when the table cannot provision this node
     */
    public static RunningNode start(Path configFile) throws IOException {
        return start(new NodeConfigLoader().load(configFile));
    }

    /**
     * Checks a node file, and the table it provisions from, without binding anything; the same exceptions as
     * {@link #start(Path)}.
     */
    public static void check(Path configFile) throws IOException {
        NodeConfig config = new NodeConfigLoader().load(configFile);
        try (SqlProvisioning sql = openTable(config)) {
            NodeSettingsMapper.map(config, setups(config, sql));
        }
    }

    public static RunningNode start(NodeConfig config) throws IOException {
        SqlProvisioning sql = openTable(config);
        ClusterNode node = null;
        Management management = null;
        Registrations registrations = null;
        Calls calls = null;
        try {
            node = new ClusterNode(NodeSettingsMapper.map(config, setups(config, sql)));
            node.start();
            Management.Builder mb = Management.builder(node.loop());
            config.management().ifPresent(m -> mb.http(ManagementSettingsMapper.map(m)));
            if (sql != null) {
                TableProvisioning table = new TableProvisioning(sql, config.tableClusterIds(), node.loop());
                mb.reload(table).provisionedNodes(table);
            }
            management = mb.start();
            if (config.usrloc().isPresent()) {
                registrations = Registrations.start(config.usrloc().get(), config.sip(), node);
                registrations.registerCommands(management.commands());
                registrations.reportExpiriesTo(management.events());
                registrations.registerMeters(management.meters());
                if (config.calls().isPresent()) {
                    CallsConfig cc = config.calls().get();
                    int tagCluster = cc.dialog().cluster().orElse(config.clusters().isEmpty() ? 0
                            : config.clusters().get(0).id());
                    calls = Calls.start(cc, registrations, node, tagCluster);
                    calls.registerCommands(management.commands());
                    calls.registerMeters(management.meters());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll(calls, registrations, management, node, sql);
            throw new IOException("interrupted while starting", e);
        } catch (IOException | RuntimeException e) {
            // Whatever was opened before the failure (pool, listeners) is released: the caller gets nothing to close.
            closeAll(calls, registrations, management, node, sql);
            throw e;
        }
        log.info("node {} started: BIN on {}, management on {}{}", config.nodeId(), node.boundAddresses(),
                management.address() == null ? "none" : management.address(),
                registrations == null ? "" : ", SIP on " + registrations.sipAddresses());
        return new RunningNode(config, node, sql, management, registrations, calls);
    }

    private static void closeAll(Calls calls, Registrations registrations, Management management, ClusterNode node,
                                 SqlProvisioning sql) {
        if (calls != null) {
            calls.close();
        }
        if (registrations != null) {
            registrations.close();
        }
        if (management != null) {
            management.close();
        }
        if (node != null) {
            node.close();
        }
        if (sql != null) {
            sql.close();
        }
    }

    /** The table's pool in SQL mode (nothing connected yet), or null when every cluster is in the file. */
    private static SqlProvisioning openTable(NodeConfig config) {
        return config.tableClusterIds().isEmpty() ? null : SqlProvisioning.open(config);
    }

    /** Every cluster's setup: the file's, and in SQL mode the table's (whose load logs its own warnings). */
    private static List<ClusterSetup> setups(NodeConfig config, SqlProvisioning sql) {
        return sql == null ? config.clusterSetups() : config.clusterSetups(sql.load().setups());
    }

    public NodeConfig config() {
        return config;
    }

    /** The embedding API: capabilities, sends, sync, sharing tags, events. */
    public ClusterNode node() {
        return node;
    }

    public Management management() {
        return management;
    }

    /** The location table and registrar, when the node file has {@code sip} or {@code usrloc}. */
    public Optional<Registrations> registrations() {
        return Optional.ofNullable(registrations);
    }

    /** Where management listens (port resolved), if it does. */
    public Optional<InetSocketAddress> managementAddress() {
        return Optional.ofNullable(management.address());
    }

    /**
     * Stops the SIP listeners first (nothing new is registered), then management (no command lands on a stopping
     * engine), then the node, then the pool.
     */
    /** The proxy and dialogs, when the node file has {@code calls}. */
    public Optional<Calls> calls() {
        return Optional.ofNullable(calls);
    }

    @Override
    public void close() {
        if (calls != null) {
            calls.close();
        }
        if (registrations != null) {
            registrations.close();
        }
        management.close();
        node.close();
        if (sql != null) {
            sql.close();
        }
        log.info("node {} stopped", config.nodeId());
    }
}
