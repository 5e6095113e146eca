/**
 * The management HTTP endpoint on the JDK's {@code com.sun.net.httpserver}: {@code POST /mi} for JSON-RPC and
 * {@code GET /metrics} for Prometheus, behind a bearer token, on a bounded thread pool.
 */
package io.sipcluster.mgmt.http;
