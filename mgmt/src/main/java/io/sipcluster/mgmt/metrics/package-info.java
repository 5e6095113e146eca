/**
 * Prometheus metrics through Micrometer: the cluster as the engine sees it (sampled on the loop at scrape time),
 * engine events counted as they happen, and the management endpoint's own traffic. Every metric is listed in
 * {@code docs/operations.md}.
 */
package io.sipcluster.mgmt.metrics;
