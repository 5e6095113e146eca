package io.sipcluster.provisioning.config;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on, so that every problem can point into the file. Jackson's own tree
 * drops locations, and its data binding stops at the first error; this tree lets the reader report them all.
 */
sealed interface YamlNode {
    int line();

    /** A short name of the kind of value, for "must be X, got Y" messages. */
    String kind();

    /** A mapping, in file order; {@code keyLines} gives the line of each key. */
    record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line) implements YamlNode {
        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /**
     * A scalar as YAML typed it: {@code 5555} is an integer, {@code '5555'} a string, {@code yes} a boolean.
     *
     * @param integer the value of an {@code INTEGER}, else null
     * @param truth the value of a {@code BOOLEAN}, else false
     */
    record Scalar(Type type, String text, BigInteger integer, boolean truth, int line) implements YamlNode {
        /** {@code REPORTED} stands in for a value that was already reported as wrong, so it is not reported again. */
        enum Type { STRING, INTEGER, DECIMAL, BOOLEAN, NULL, REPORTED }

        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case DECIMAL -> "a decimal number";
                case BOOLEAN -> "a boolean";
                case NULL -> "nothing (null)";
                case REPORTED -> "an invalid value";
            };
        }
    }
}
