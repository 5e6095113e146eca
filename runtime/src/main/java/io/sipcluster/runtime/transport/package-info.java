/**
 * BIN over TCP ({@code bin:}) and TLS ({@code bins:}) on Netty 4.2, compatible with OpenSIPS's proto_bin and
 * proto_bins: framing with the wire module's rules, decoding on I/O threads, one connection per destination and
 * traffic class with bounded queues, connection limits, TLS with per-cluster trust, and counters
 * ({@link io.sipcluster.runtime.transport.TransportStats}) for everything dropped or refused.
 *
 * <p>Only {@link io.sipcluster.runtime.transport.BinTransport} and its settings and stats types are public; the
 * handlers are internal.
 */
package io.sipcluster.runtime.transport;
