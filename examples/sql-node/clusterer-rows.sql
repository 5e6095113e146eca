-- The rows of cluster 10 for examples/sql-node/node.yaml, in OpenSIPS's clusterer table (version 4).
-- Plain SQL: it runs on SQLite, MariaDB/MySQL and PostgreSQL alike. The table itself is created by sipcluster on
-- first start (sql.create_schema: true), or by OpenSIPS's scripts (opensips-cli -x database create).
--
-- Columns: url is where the node listens for BIN ([bin:|bins:]host[:port]); state 1 = enabled, 0 = disabled;
-- no_ping_retries = unanswered pings before a link is down; priority = next-hop tie-breaker, lower preferred;
-- sip_addr = the SIP address modules match on; flags 'seed' = may declare itself synced when no donor answers;
-- description = free text shown by clusterer_list.

INSERT INTO clusterer (cluster_id, node_id, url, state, no_ping_retries, priority, sip_addr, flags, description)
VALUES (10, 1, 'bin:203.0.113.1:5555', 1, 3, 50, '203.0.113.1:5060', 'seed', 'registrar A');

INSERT INTO clusterer (cluster_id, node_id, url, state, no_ping_retries, priority, sip_addr, flags, description)
VALUES (10, 2, 'bin:203.0.113.2:5555', 1, 3, 50, '203.0.113.2:5060', NULL, 'registrar B');

-- A node in another site: preferred last as a next hop, and given more retries over the longer path.
INSERT INTO clusterer (cluster_id, node_id, url, state, no_ping_retries, priority, sip_addr, flags, description)
VALUES (10, 3, 'bin:203.0.113.3:5555', 1, 5, 100, '203.0.113.3:5060', NULL, 'registrar C, site 2');
