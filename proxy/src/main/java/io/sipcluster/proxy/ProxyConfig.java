package io.sipcluster.proxy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the proxy needs to know about itself.
 *
 * @param via          this node's address, put in its Via so that responses come back to this node
 * @param recordRoute  the URI of the Record-Route it adds to dialog-creating requests (with {@code ;lr}); in an
 *                     active/backup pair this names the shared (floating) address, so that either node can take
 *                     the dialog's later requests
 * @param own          addresses that are this proxy: a Route or Request-URI naming one is for us (this node's
 *                     listeners, the floating address, the other nodes of the cluster)
 * @param domains      domains whose users are looked up in the location table, besides {@code own} hosts
 * @param relay        whether an initial request for a domain not served here is forwarded by its Request-URI
 *                     (off: 403, so the proxy is no open relay)
 * @param maxBranches  how many contacts of one user are rung in parallel, at most
 * @param viaTcp       this node's TCP listener, put in the Via of what goes out over TCP; null without one (then
 *                     everything goes over UDP)
 */
public record ProxyConfig(Hop via, String recordRoute, List<Hop> own, Set<String> domains, boolean relay,
                          int maxBranches, SipTimers timers, Hop viaTcp) {
    public ProxyConfig {
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(recordRoute, "recordRoute");
        own = List.copyOf(own);
        domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (maxBranches < 1) {
            throw new IllegalArgumentException("maxBranches must be at least 1");
        }
        Objects.requireNonNull(timers, "timers");
    }

    /** One node alone: its address is everything. */
    public static ProxyConfig single(Hop via) {
        return new ProxyConfig(via, "sip:" + via.hostPort() + ";lr", List.of(via), Set.of(), false, 10,
                SipTimers.RFC3261, null);
    }

    /** True if {@code host:port} (port 0 or less: the default 5060) is one of this proxy's addresses. */
    public boolean isOwn(String host, int port) {
        int p = port > 0 ? port : 5060;
        if (via.sameAddress(host, p)) {
            return true;
        }
        if (viaTcp != null && viaTcp.sameAddress(host, p)) {
            return true;
        }
        for (Hop h : own) {
            if (h.sameAddress(host, p)) {
                return true;
            }
        }
        return false;
    }

    public boolean servesDomain(String host, int port) {
        return isOwn(host, port) || domains.contains(Hop.bare(host).toLowerCase(Locale.ROOT));
    }
}
