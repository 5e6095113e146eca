package io.sipcluster.runtime.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of {@code bins:} links, built once from each cluster's {@link TlsSettings}.
 *
 * <p>Outgoing connections to a node of cluster C present C's certificate and accept only a server that C's trust
 * anchors accept. A listener serves every cluster, so it accepts a client certificate that any TLS cluster trusts,
 * and remembers which clusters those are: packets of other clusters on that connection are refused. A listener
 * presents one certificate, that of the TLS cluster with the lowest id: clusters that trust different CAs each
 * need that certificate to be acceptable to their peers (in practice: one CA per deployment).
 *
 * <p>Peers are identified by certificate, not by host name (nodes are addressed by IP, as in OpenSIPS), so host
 * name verification is off.
 */
final class TlsContexts {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Map<Integer, X509TrustManager> trustByCluster;
    private final Map<Integer, SslContext> clientByCluster;
    private final SslContext server;

    private TlsContexts(Map<Integer, X509TrustManager> trust, Map<Integer, SslContext> clients, SslContext server) {
        this.trustByCluster = trust;
        this.clientByCluster = clients;
        this.server = server;
    }

    static TlsContexts none() {
        return new TlsContexts(Map.of(), Map.of(), null);
    }

    static TlsContexts load(Map<Integer, TlsSettings> settings) {
        if (settings.isEmpty()) {
            return none();
        }
        Map<Integer, X509TrustManager> trust = new TreeMap<>();
        Map<Integer, SslContext> clients = new TreeMap<>();
        try {
            for (var e : new TreeMap<>(settings).entrySet()) {
                TlsSettings s = e.getValue();
                s.checkReadable();
                X509TrustManager tm = trustManager(s);
                trust.put(e.getKey(), tm);
                clients.put(e.getKey(), SslContextBuilder.forClient()
                        .sslProvider(SslProvider.JDK)
                        .protocols(PROTOCOLS)
                        .endpointIdentificationAlgorithm(null)
                        .keyManager(s.certificateChain().toFile(), s.privateKey().toFile())
                        .trustManager(tm)
                        .build());
            }
            TlsSettings identity = new TreeMap<>(settings).firstEntry().getValue();
            SslContext server = SslContextBuilder
                    .forServer(identity.certificateChain().toFile(), identity.privateKey().toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(new AnyClusterTrust(List.copyOf(trust.values())))
                    .build();
            return new TlsContexts(Collections.unmodifiableMap(trust), Collections.unmodifiableMap(clients), server);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load TLS material: " + e.getMessage(), e);
        }
    }

    /** Whether packets of this cluster must come over TLS from a peer the cluster trusts. */
    boolean requiresTls(int clusterId) {
        return trustByCluster.containsKey(clusterId);
    }

    boolean hasServer() {
        return server != null;
    }

    SslContext server() {
        return server;
    }

    /** The client context for connections to nodes of {@code clusterId}; null when the cluster has no TLS. */
    SslContext client(int clusterId) {
        return clientByCluster.get(clusterId);
    }

    /** The TLS clusters whose trust anchors accept this client certificate chain. */
    Set<Integer> clustersTrusting(X509Certificate[] chain) {
        Set<Integer> accepted = new TreeSet<>();
        String authType = chain[0].getPublicKey().getAlgorithm();
        for (var e : trustByCluster.entrySet()) {
            try {
                e.getValue().checkClientTrusted(chain, authType);
                accepted.add(e.getKey());
            } catch (CertificateException ignored) {
                // not this cluster's peer
            }
        }
        return accepted;
    }

    private static X509TrustManager trustManager(TlsSettings s) throws IOException, GeneralSecurityException {
        List<java.security.cert.Certificate> certs = new java.util.ArrayList<>();
        for (java.nio.file.Path file : s.trustedCertificates()) {
            try (InputStream in = Files.newInputStream(file)) {
                Collection<? extends java.security.cert.Certificate> inFile =
                        CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (inFile.isEmpty()) {
                    throw new IllegalArgumentException("no certificate in " + file);
                }
                certs.addAll(inFile);
            }
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (var c : certs) {
            store.setCertificateEntry("trusted-" + i++, c);
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** The listener's trust: a client certificate is accepted when any TLS cluster accepts it. */
    private static final class AnyClusterTrust extends X509ExtendedTrustManager {
        private final List<X509TrustManager> clusters;

        AnyClusterTrust(List<X509TrustManager> clusters) {
            this.clusters = clusters;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException last = null;
            for (X509TrustManager tm : clusters) {
                try {
                    tm.checkClientTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw last != null ? last : new CertificateException("no cluster trusts this certificate");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the listener's trust manager checks clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>();
            for (X509TrustManager tm : clusters) {
                all.addAll(List.of(tm.getAcceptedIssuers()));
            }
            return all.toArray(new X509Certificate[0]);
        }
    }
}
