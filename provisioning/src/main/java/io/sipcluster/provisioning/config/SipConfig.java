package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.HostPort;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The SIP edge of a node: where it listens and how its registrar grants intervals.
 *
 * @param listen the SIP sockets, each {@code udp:HOST:PORT} or {@code tcp:HOST:PORT}
 * @param minExpires shortest interval granted; a shorter one (but not 0) gets 423 (RFC 3261 §10.3 step 7)
 * @param maxExpires longest interval granted; a longer one is shortened
 * @param defaultExpires the interval when a REGISTER names none
 */
public record SipConfig(List<Listen> listen, long minExpires, long maxExpires, long defaultExpires) {
    public static final long DEFAULT_MIN_EXPIRES = 60;
    public static final long DEFAULT_MAX_EXPIRES = 7200;
    public static final long DEFAULT_EXPIRES = 3600;

    public SipConfig {
        listen = List.copyOf(listen);
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("the SIP edge needs at least one listen address");
        }
        if (minExpires < 1 || maxExpires < minExpires || defaultExpires < minExpires || defaultExpires > maxExpires) {
            throw new IllegalArgumentException("need 1 <= min_expires <= default_expires <= max_expires");
        }
    }

    /** A SIP transport. */
    public enum Transport {
        UDP, TCP;

        public String lowerName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One SIP socket. */
    public record Listen(Transport transport, HostPort address) {
        public Listen {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return transport.lowerName() + ":" + address;
        }
    }
}
