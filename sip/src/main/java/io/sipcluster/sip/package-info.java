/**
 * SIP messages as a registrar and a proxy need them: a lazy RFC 3261 parser over byte arrays, a stream framer for
 * TCP and TLS, and builders for responses and forwarded requests that copy every byte they do not change.
 *
 * <p>Entry points: {@link io.sipcluster.sip.SipParser} (datagrams and framed stream messages),
 * {@link io.sipcluster.sip.SipStreamFramer} (cuts a stream into messages), {@link io.sipcluster.sip.SipMessage}
 * and its two kinds (header accessors, parsed on first use), {@link io.sipcluster.sip.ResponseBuilder} and
 * {@link io.sipcluster.sip.Responses} (answers), {@link io.sipcluster.sip.RequestForwarder} and
 * {@link io.sipcluster.sip.ResponseForwarder} (proxying).
 *
 * <p>Bad input from a peer only ever raises {@link io.sipcluster.sip.MalformedSipException}, which names the bad
 * field; every size and count is bounded by {@link io.sipcluster.sip.SipLimits}.
 *
 * <p>Allowed dependencies: the JDK only. No Netty, no I/O, no clock, no randomness: transports, timers and tag or
 * branch generation belong to the layers above, which hand this package bytes and values.
 */
package io.sipcluster.sip;
