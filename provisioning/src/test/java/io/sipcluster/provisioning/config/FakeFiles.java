package io.sipcluster.provisioning.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Files that exist only for a test, so that a node file can name /etc paths without touching the machine. */
final class FakeFiles implements FileAccess {
    private final Map<Path, String> files = new HashMap<>();

    FakeFiles with(String path, String content) {
        files.put(Path.of(path), content);
        return this;
    }

    @Override
    public Optional<String> whyUnreadable(Path path) {
        return files.containsKey(path) ? Optional.empty() : Optional.of("file " + path + " does not exist");
    }

    @Override
    public String read(Path path) throws IOException {
        String s = files.get(path);
        if (s == null) {
            throw new NoSuchFileException(path.toString());
        }
        return s;
    }
}
