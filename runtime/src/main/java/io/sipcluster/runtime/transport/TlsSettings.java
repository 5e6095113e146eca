package io.sipcluster.runtime.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * TLS material of one cluster, as PEM files. Links of the cluster ({@code bins:} urls) are mutually
 * authenticated: this node presents {@code certificateChain} and accepts only peers whose certificate chains up
 * to one of {@code trustedCertificates}.
 *
 * @param certificateChain this node's certificate, then any intermediates ({@code -----BEGIN CERTIFICATE-----})
 * @param privateKey the key of that certificate, unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, what
 *     {@code openssl genpkey} writes)
 * @param trustedCertificates PEM files of the certificates (usually one cluster CA) a peer's chain must lead to
 */
public record TlsSettings(Path certificateChain, Path privateKey, List<Path> trustedCertificates) {
    public TlsSettings {
        trustedCertificates = trustedCertificates == null ? List.of() : List.copyOf(trustedCertificates);
        if (trustedCertificates.isEmpty()) {
            throw new IllegalArgumentException("TLS settings need at least one trusted certificate file");
        }
        for (Path p : new Path[] {certificateChain, privateKey}) {
            if (p == null) {
                throw new IllegalArgumentException("TLS settings need a certificate chain, a private key and trusted certificates");
            }
        }
    }

    /** One trusted certificate file (a cluster CA, or a bundle of them). */
    public TlsSettings(Path certificateChain, Path privateKey, Path trustedCertificates) {
        this(certificateChain, privateKey, List.of(trustedCertificates));
    }

    /** Throws IllegalArgumentException naming the first file that cannot be read. */
    public void checkReadable() {
        List<Path> all = new java.util.ArrayList<>(trustedCertificates);
        all.add(certificateChain);
        all.add(privateKey);
        for (Path p : all) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("TLS file not readable: " + p);
            }
        }
    }
}
