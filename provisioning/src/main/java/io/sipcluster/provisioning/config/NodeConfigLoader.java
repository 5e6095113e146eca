package io.sipcluster.provisioning.config;

import io.sipcluster.provisioning.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a node file: YAML in, a checked {@link NodeConfig} out, or an {@link InvalidConfigException} listing every
 * problem found, each with its path and line. Nothing is started before this returns, so a bad file fails fast.
 *
 * <p>Relative paths in the file (TLS material, token and password files, an SQLite database) are taken from the
 * file's own folder, so that a node directory can be moved as a whole.
 */
public final class NodeConfigLoader {
    private final FileAccess files;

    /** A loader that checks the files the node file names on this machine. */
    public NodeConfigLoader() {
        this(FileAccess.REAL);
    }

    public NodeConfigLoader(FileAccess files) {
        this.files = files;
    }

    public NodeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigException(file.toString(), List.of(Problem.at("", "cannot read the file: " + e)));
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir, file.toString());
    }

    /**
     * Reads node-file text.
     *
     * @param baseDir the folder relative paths are taken from
     * @param source how to name the text in the exception (a file name)
     */
    public NodeConfig parse(String yaml, Path baseDir, String source) {
        Problems problems = new Problems();
        YamlNode root = YamlDocument.parse(yaml, problems);
        if (root == null) {
            problems.throwIfAny(source);
        }
        NodeConfig config = new NodeFileReader(baseDir, files, problems).read(root);
        problems.throwIfAny(source);
        return config;
    }
}
