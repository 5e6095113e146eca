package io.sipcluster.provisioning.config;

import java.nio.file.Path;
import java.util.List;

/**
 * TLS material for a cluster's {@code bins:} links. The loader has checked that every file exists and is
 * readable; it has not parsed them (the runtime's TLS stack does, and says what is wrong with their contents).
 *
 * @param key this node's private key (PEM)
 * @param certificate this node's certificate chain (PEM)
 * @param trustedCas the CA certificates (PEM) that peers' certificates must chain to
 */
public record TlsConfig(Path key, Path certificate, List<Path> trustedCas) {
    public TlsConfig {
        if (key == null || certificate == null || trustedCas.isEmpty()) {
            throw new IllegalArgumentException("TLS needs a key, a certificate and at least one trusted CA");
        }
        trustedCas = List.copyOf(trustedCas);
    }
}
