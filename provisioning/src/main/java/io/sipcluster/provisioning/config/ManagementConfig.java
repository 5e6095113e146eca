package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.HostPort;
import io.sipcluster.provisioning.Secret;

/**
 * The management endpoint (JSON-RPC 2.0 over HTTP, OpenSIPS MI command names).
 *
 * @param listen where it listens; 127.0.0.1:8888 unless the file says otherwise
 */
public record ManagementConfig(HostPort listen, Auth auth) {
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 8888);

    public ManagementConfig {
        if (auth instanceof Auth.None && !listen.isLoopback()) {
            throw new IllegalArgumentException("management without a token must listen on loopback, not " + listen);
        }
    }

    /** How callers prove they may manage the node. */
    public sealed interface Auth {
        /** Every request carries this bearer token. */
        record Token(Secret token) implements Auth {
        }

        /** No token: allowed only on a loopback address, where only local users can connect. */
        record None() implements Auth {
        }
    }
}
