/**
 * Provisioning: what a node is told about itself and its clusters, from a YAML node file
 * ({@link io.sipcluster.provisioning.config}) or from OpenSIPS's {@code clusterer} table
 * ({@link io.sipcluster.provisioning.sql}), checked and turned into the {@code core} configuration records.
 *
 * <p>Depends on {@code core} (its configuration records), Jackson YAML, JDBC, HikariCP and SLF4J; nothing in
 * {@code core} or {@code wire} may depend on this module.
 */
package io.sipcluster.provisioning;
