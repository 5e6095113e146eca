package io.sipcluster.provisioning.sql;

/**
 * One row of OpenSIPS's {@code clusterer} table, version 4, as stored. Columns that a hand-made table might leave
 * NULL are boxed, so that validation can say so instead of reading 0.
 *
 * @param id the database id (MI {@code clusterer_list} shows it as {@code db_id})
 * @param url {@code [bin:|bins:]host[:port]}
 * @param state 1 enabled, 0 disabled (any non-zero value enables, as in OpenSIPS)
 * @param noPingRetries unanswered pings before the link is down
 * @param priority next-hop tie-breaker, lower preferred
 * @param sipAddr opaque SIP address handed to modules, or null
 * @param flags {@code seed} marks a seed node, or null
 * @param description free text, or null
 */
public record ClustererRow(int id, Integer clusterId, Integer nodeId, String url, Integer state, Integer noPingRetries,
                           Integer priority, String sipAddr, String flags, String description) {

    /** Where this row is, for problem reports. */
    String where(String table) {
        return table + " row id=" + id + " (cluster " + clusterId + ", node " + nodeId + ")";
    }
}
