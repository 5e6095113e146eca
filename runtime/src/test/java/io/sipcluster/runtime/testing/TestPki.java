package io.sipcluster.runtime.testing;

import io.sipcluster.runtime.transport.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made at test time with the JDK's {@code keytool} (no key material is committed): a cluster CA,
 * node certificates it signed, and a self-signed "rogue" certificate no cluster trusts. Keys are EC P-256; the
 * PEM files are what an operator would configure (PKCS#8 key, certificate chain, CA certificate).
 */
public final class TestPki {
    private static final String PASS = "test-only";
    private static TestPki instance;

    private final Path dir;
    private final Path caPem;

    /** The key and certificate chain of one identity, as PEM files. */
    public record Identity(Path certificateChain, Path privateKey) {}

    private TestPki(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        this.dir = dir;
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=sipcluster test CA", "-ext", "bc:c",
                "-keystore", store("ca").toString());
        caPem = dir.resolve("ca.pem");
        Files.writeString(caPem, pem("CERTIFICATE", load("ca").getCertificate("ca").getEncoded()));
    }

    /** The PKI of this test run, made on first use. */
    public static synchronized TestPki get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("sipcluster-pki");
                dir.toFile().deleteOnExit();
                instance = new TestPki(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot make the test PKI", e);
            }
        }
        return instance;
    }

    public Path caCertificate() {
        return caPem;
    }

    /** A node identity signed by the CA (made once per name). */
    public synchronized Identity signed(String name) {
        Path chain = dir.resolve(name + "-chain.pem");
        Path key = dir.resolve(name + "-key.pem");
        if (!Files.exists(chain)) {
            try {
                keytool("-genkeypair", "-alias", name, "-dname", "CN=" + name, "-keystore", store(name).toString());
                Path csr = dir.resolve(name + ".csr");
                Path crt = dir.resolve(name + ".crt");
                keytool("-certreq", "-alias", name, "-keystore", store(name).toString(), "-file", csr.toString());
                keytool("-gencert", "-alias", "ca", "-keystore", store("ca").toString(), "-infile", csr.toString(),
                        "-outfile", crt.toString(), "-rfc", "-ext", "ku:c=digitalSignature",
                        "-ext", "eku=serverAuth,clientAuth");
                Files.writeString(chain, Files.readString(crt) + Files.readString(caPem));
                writeKey(name, key);
            } catch (IOException | InterruptedException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot make identity " + name, e);
            }
        }
        return new Identity(chain, key);
    }

    /** A self-signed identity that no cluster trusts. */
    public synchronized Identity rogue() {
        Path chain = dir.resolve("rogue-chain.pem");
        Path key = dir.resolve("rogue-key.pem");
        if (!Files.exists(chain)) {
            try {
                keytool("-genkeypair", "-alias", "rogue", "-dname", "CN=rogue", "-keystore", store("rogue").toString());
                Files.writeString(chain, pem("CERTIFICATE", load("rogue").getCertificate("rogue").getEncoded()));
                writeKey("rogue", key);
            } catch (IOException | InterruptedException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot make the rogue identity", e);
            }
        }
        return new Identity(chain, key);
    }

    /** TLS settings presenting {@code id} and trusting this PKI's CA. */
    public TlsSettings settings(Identity id) {
        return new TlsSettings(id.certificateChain(), id.privateKey(), caPem);
    }

    private void writeKey(String alias, Path key) throws IOException, GeneralSecurityException {
        PrivateKey k = (PrivateKey) load(alias).getKey(alias, PASS.toCharArray());
        Files.writeString(key, pem("PRIVATE KEY", k.getEncoded())); // getEncoded() of a private key is PKCS#8
    }

    private Path store(String name) {
        return dir.resolve(name + ".p12");
    }

    private KeyStore load(String name) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store(name))) {
            ks.load(in, PASS.toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.add("-J-XX:TieredStopAtLevel=1");
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASS, "-noprompt"));
        if (args[0].equals("-genkeypair")) {
            cmd.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1"));
        }
        if (args[0].equals("-genkeypair") || args[0].equals("-gencert")) {
            cmd.addAll(List.of("-validity", "2"));
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }
}
