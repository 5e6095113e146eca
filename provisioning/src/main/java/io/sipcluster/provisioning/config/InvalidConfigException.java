package io.sipcluster.provisioning.config;

import io.sipcluster.provisioning.Problem;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A node file that cannot be used, with every problem found in it, each with its path in the file. */
public final class InvalidConfigException extends RuntimeException {
    private final String source;
    private final transient List<Problem> problems;

    /** The problems are kept in file order (by line, stable), which is how a person fixes them. */
    public InvalidConfigException(String source, List<Problem> problems) {
        this(source, problems.stream().sorted(Comparator.comparingInt(Problem::line)).toList(), true);
    }

    private InvalidConfigException(String source, List<Problem> sorted, boolean unused) {
        super(describe(source, sorted));
        this.source = source;
        this.problems = sorted;
    }

    /** The file (or other origin) the configuration came from. */
    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(String source, List<Problem> problems) {
        String head = problems.size() == 1 ? "1 problem in " + source : problems.size() + " problems in " + source;
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", head + ":\n", ""));
    }
}
