package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.ClusterSetup;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One cluster the node belongs to, as the node file gives it.
 *
 * @param sharingTags the tags this node declares in the cluster and the state each starts in, in file order
 * @param tls the material for {@code bins:} links in this cluster; required when any of its urls is {@code bins:}
 */
public record ClusterConfig(int id, NodeSource nodes, Map<String, SharingTagState> sharingTags,
                            Optional<TlsConfig> tls) {
    public ClusterConfig {
        if (id <= 0) {
            throw new IllegalArgumentException("cluster id must be > 0, got " + id);
        }
        sharingTags = Collections.unmodifiableMap(new LinkedHashMap<>(sharingTags));
    }

    public boolean isFromTable() {
        return nodes instanceof NodeSource.Table;
    }

    /**
     * The core's setup for a cluster provisioned in the file, discovery on (nodes the file does not name join by
     * introducing themselves, as with OpenSIPS's {@code db_mode=0}); empty for a cluster provisioned in SQL.
     */
    public Optional<ClusterSetup> setup() {
        if (nodes instanceof NodeSource.File f) {
            return Optional.of(new ClusterSetup(id, f.self(), f.neighbours(), true));
        }
        return Optional.empty();
    }
}
