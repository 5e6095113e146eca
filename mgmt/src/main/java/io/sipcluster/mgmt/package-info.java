/**
 * Management of a node: OpenSIPS-style MI commands as JSON-RPC 2.0 over HTTP, Prometheus metrics, and cluster events
 * for external subscribers and in-process listeners.
 *
 * <p>{@link io.sipcluster.mgmt.Management} wires the parts around one {@code EngineLoop}. Depends on {@code runtime}
 * (and through it {@code core} and {@code wire}), Jackson, Micrometer and the JDK's HTTP server and client; nothing
 * here runs on the loop thread except quick event hand-offs.
 */
package io.sipcluster.mgmt;
