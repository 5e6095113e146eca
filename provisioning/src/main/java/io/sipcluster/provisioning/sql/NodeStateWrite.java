package io.sipcluster.provisioning.sql;

/** What {@link SqlProvisioning#persistNodeState} did. */
public enum NodeStateWrite {
    /** The row's {@code state} now says what management set. */
    WRITTEN,
    /** The node file says {@code persist_state: false}: the change lives in memory only, until the next reload. */
    NOT_PERSISTED,
    /** The table has no row for that node in that cluster (it was deleted since the last load). */
    NO_SUCH_ROW
}
