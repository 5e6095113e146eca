package io.sipcluster.app.node;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.BinUrl;
import io.sipcluster.provisioning.config.ClusterConfig;
import io.sipcluster.provisioning.config.NodeConfig;
import io.sipcluster.provisioning.config.SharingTagState;
import io.sipcluster.provisioning.config.TlsConfig;
import io.sipcluster.runtime.NodeSettings;
import io.sipcluster.runtime.transport.TlsSettings;
import java.util.List;
import java.util.Map;

/** Turns a checked node file (and the table's clusters, in SQL mode) into what the runtime starts from. */
final class NodeSettingsMapper {
    private NodeSettingsMapper() {
    }

    /**
     * @param setups every cluster of the node, the table's included ({@link NodeConfig#clusterSetups})
     */
    static NodeSettings map(NodeConfig config, List<ClusterSetup> setups) {
        NodeSettings.Builder b = NodeSettings.builder(config.nodeId()).timings(config.timings());
        for (BinUrl listener : config.listen()) {
            b.listen(listener.toString());
        }
        setups.forEach(b::cluster);
        for (ClusterConfig c : config.clusters()) {
            for (Map.Entry<String, SharingTagState> tag : c.sharingTags().entrySet()) {
                b.sharingTag(c.id(), tag.getKey(), tag.getValue() == SharingTagState.ACTIVE);
            }
            c.tls().ifPresent(t -> b.tls(c.id(), tls(t)));
        }
        return b.build();
    }

    static TlsSettings tls(TlsConfig t) {
        return new TlsSettings(t.certificate(), t.key(), t.trustedCas());
    }
}
