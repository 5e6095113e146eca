/**
 * Calling a node's management endpoint from outside: {@link io.sipcluster.mgmt.client.MiClient} sends one JSON-RPC
 * request with the token, and {@link io.sipcluster.mgmt.client.MiResultFormatter} prints results for people.
 */
package io.sipcluster.mgmt.client;
