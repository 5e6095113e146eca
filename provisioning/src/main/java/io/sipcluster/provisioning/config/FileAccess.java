package io.sipcluster.provisioning.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the loader looks at the files a node file names (TLS material, token and password files). The real
 * file system in production; tests that check a file's shape without its machine pass their own.
 */
public interface FileAccess {
    /** Empty if {@code path} is a regular file this process can read; otherwise why not. */
    Optional<String> whyUnreadable(Path path);

    /** The file's text (UTF-8). */
    String read(Path path) throws IOException;

    FileAccess REAL = new FileAccess() {
        @Override
        public Optional<String> whyUnreadable(Path path) {
            if (!Files.exists(path)) {
                return Optional.of("file " + path + " does not exist");
            }
            if (!Files.isRegularFile(path)) {
                return Optional.of(path + " is not a regular file");
            }
            if (!Files.isReadable(path)) {
                return Optional.of("file " + path + " is not readable by this process");
            }
            return Optional.empty();
        }

        @Override
        public String read(Path path) throws IOException {
            return Files.readString(path, StandardCharsets.UTF_8);
        }
    };
}
