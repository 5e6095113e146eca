/**
 * JSON-RPC 2.0 over the command registry: parsing, validation, batches, notifications and error objects, independent
 * of HTTP. Follows the specification (https://www.jsonrpc.org/specification) and OpenSIPS's {@code mi/mi.c} where the
 * specification leaves room (error texts, result {@code "OK"}).
 */
package io.sipcluster.mgmt.rpc;
