package io.sipcluster.sim.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A table printed as Markdown with aligned columns, so that the output pastes into the docs as it is. */
final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(String.valueOf(c));
        }
        rows.add(row);
        return this;
    }

    void print(PrintStream out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(3, header.get(i).length());
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        printRow(out, header, widths);
        StringBuilder rule = new StringBuilder("|");
        for (int w : widths) {
            rule.append('-').append("-".repeat(w)).append(":|");
        }
        out.println(rule);
        for (List<String> r : rows) {
            printRow(out, r, widths);
        }
        out.println();
    }

    private static void printRow(PrintStream out, List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            sb.append(' ').append(" ".repeat(widths[i] - cells.get(i).length())).append(cells.get(i)).append(" |");
        }
        out.println(sb);
    }
}
