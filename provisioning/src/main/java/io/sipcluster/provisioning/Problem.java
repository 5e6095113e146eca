package io.sipcluster.provisioning;

/**
 * One thing wrong with a configuration or a provisioning table, and where it is.
 *
 * @param where a path in the node file ({@code clusters[1].neighbours[0].url}) or a row of the table
 *     ({@code clusterer row id=7 (cluster 1, node 3).url})
 * @param line the line in the node file, or 0 when there is none (table rows, whole-file problems)
 */
public record Problem(String where, int line, String message) {
    public static Problem at(String where, String message) {
        return new Problem(where, 0, message);
    }

    @Override
    public String toString() {
        String text = where.isEmpty() ? message : where + ": " + message;
        return line > 0 ? text + " (line " + line + ")" : text;
    }
}
