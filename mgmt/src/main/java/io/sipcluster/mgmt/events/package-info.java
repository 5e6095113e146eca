/**
 * Cluster events for the world outside the loop, under OpenSIPS's event names and parameters
 * ({@code E_CLUSTERER_NODE_STATE_CHANGED} and the rest): in-process listeners for embedding, and subscribers that
 * receive each event as a JSON-RPC notification POSTed to their HTTP URL ({@code event_subscribe}).
 *
 * <p>Threading: events arrive on the engine loop; they are only mapped and queued there. Each subscriber has its own
 * bounded queue and at most one POST in flight, sent from the delivery thread, so a slow or dead subscriber delays
 * and drops only its own events.
 */
package io.sipcluster.mgmt.events;
