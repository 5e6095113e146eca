package io.sipcluster.provisioning;

import io.sipcluster.provisioning.config.FileAccess;
import io.sipcluster.provisioning.config.NodeConfig;
import io.sipcluster.provisioning.config.NodeConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files under {@code examples/} at the root of the repository, and a loader for them. The examples name
 * files of a real deployment (TLS material, token files) under /etc/sipcluster; this machine has none, so those
 * paths count as present, and any other path as missing: an example that points elsewhere fails.
 */
public final class ExampleFiles {
    /** Tests run in the module's folder. */
    public static final Path ROOT = Path.of("..", "examples").toAbsolutePath().normalize();
    public static final String DEPLOYMENT_DIR = "/etc/sipcluster/";

    private ExampleFiles() {
    }

    public static final FileAccess DEPLOYMENT = new FileAccess() {
        @Override
        public Optional<String> whyUnreadable(Path path) {
            return path.toString().startsWith(DEPLOYMENT_DIR)
                    ? Optional.empty()
                    : Optional.of("file " + path + " is outside " + DEPLOYMENT_DIR);
        }

        @Override
        public String read(Path path) {
            return "placeholder-token-for-example-tests\n";
        }
    };

    public static NodeConfig load(Path file) {
        return new NodeConfigLoader(DEPLOYMENT).load(file);
    }

    /** Every file under examples/, sorted. */
    /**
     * Every file of the configuration examples. {@code examples/embedding} is a program, not configuration: it is
     * a Maven module of its own, built and tested with the rest.
     */
    public static List<Path> all() {
        Path program = ROOT.resolve("embedding");
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.startsWith(program)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
