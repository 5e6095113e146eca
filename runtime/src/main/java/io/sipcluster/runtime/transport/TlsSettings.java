package io.sipcluster.runtime.transport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS material of one cluster, as PEM files. Links of the cluster ({@code bins:} urls) are mutually
 * authenticated: this node presents {@code certificateChain} and accepts only peers whose certificate chains up
 * to one of {@code trustedCertificates}.
 *
 * @param certificateChain this node's certificate, then any intermediates ({@code -----BEGIN CERTIFICATE-----})
 * @param privateKey the key of that certificate, unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, what
 *     {@code openssl genpkey} writes)
 * @param trustedCertificates the certificates (usually one cluster CA) a peer's chain must lead to
 */
public record TlsSettings(Path certificateChain, Path privateKey, Path trustedCertificates) {
    public TlsSettings {
        for (Path p : new Path[] {certificateChain, privateKey, trustedCertificates}) {
            if (p == null) {
                throw new IllegalArgumentException("TLS settings need a certificate chain, a private key and trusted certificates");
            }
        }
    }

    /** Throws IllegalArgumentException naming the first file that cannot be read. */
    public void checkReadable() {
        for (Path p : new Path[] {certificateChain, privateKey, trustedCertificates}) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("TLS file not readable: " + p);
            }
        }
    }
}
