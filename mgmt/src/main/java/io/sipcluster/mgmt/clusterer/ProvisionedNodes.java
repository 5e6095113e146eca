package io.sipcluster.mgmt.clusterer;

import java.util.Optional;

/**
 * What the node's provisioning knows about nodes beyond the engine, as the launcher connects it: the table row
 * behind a node (OpenSIPS's {@code db_id} and {@code description} in {@code clusterer_list}), and where a state
 * set with {@code clusterer_set_status} is recorded (OpenSIPS's DB mode writes the {@code state} column).
 */
public interface ProvisionedNodes {
    /** A node's row in the {@code clusterer} table. */
    record NodeRecord(int dbId, String description) {}

    /**
     * The row a node came from, if it came from one. Called on the engine's loop thread: it must be an in-memory
     * lookup.
     */
    Optional<NodeRecord> record(int clusterId, int nodeId);

    /**
     * Records a state change made by {@code clusterer_set_status}. Called on a management thread after the engine
     * applied it; may block on the database.
     */
    void persistState(int clusterId, int nodeId, boolean enabled) throws Exception;

    /** Nothing provisioned beyond the engine (file or discovery): no rows, nothing to record. */
    ProvisionedNodes NONE = new ProvisionedNodes() {
        @Override
        public Optional<NodeRecord> record(int clusterId, int nodeId) {
            return Optional.empty();
        }

        @Override
        public void persistState(int clusterId, int nodeId, boolean enabled) {
        }
    };
}
