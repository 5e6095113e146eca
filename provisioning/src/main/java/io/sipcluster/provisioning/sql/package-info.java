/**
 * SQL provisioning: OpenSIPS's {@code clusterer} table (version 4) in SQLite, MariaDB/MySQL or PostgreSQL, read
 * through a small HikariCP pool by {@link io.sipcluster.provisioning.sql.SqlProvisioning}: schema creation in an
 * empty database, validation of rows, reload with a diff (the last good table kept when it fails), and writes of
 * node state. Depends on {@code core} config records, the node-file records, JDBC, HikariCP and SLF4J.
 */
package io.sipcluster.provisioning.sql;
