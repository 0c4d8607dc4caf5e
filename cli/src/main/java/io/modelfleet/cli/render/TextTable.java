package io.modelfleet.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Aligned plain-text tables for terminal output, and the same rows as RFC 4180 CSV. */
public final class TextTable {
    /** The widest cell a table shows; longer text (a hostile id, say) is cut with its length. */
    static final int MAX_CELL = 256;

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public TextTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(
                    "Cannot add row: " + cells.size() + " cells for " + header.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public void print(PrintWriter out) {
        print(out, "");
    }

    /** Prints with every line indented by {@code indent}. */
    public void print(PrintWriter out, String indent) {
        // Cells may come from logs or user tables: shown inert, cut to MAX_CELL with their length.
        List<List<String>> rows = this.rows.stream()
                .map(row -> row.stream().map(cell -> Text.inert(cell, MAX_CELL)).toList())
                .toList();
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        printRow(out, indent, header, widths);
        StringBuilder rule = new StringBuilder(indent);
        for (int c = 0; c < widths.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        out.println(rule);
        for (List<String> row : rows) {
            printRow(out, indent, row, widths);
        }
    }

    private static void printRow(PrintWriter out, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            line.append(c == 0 ? "" : "  ").append(cell);
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - cell.length()));
            }
        }
        out.println(line);
    }

    public void printCsv(PrintWriter out) {
        out.println(csvLine(header));
        for (List<String> row : rows) {
            out.println(csvLine(row));
        }
    }

    private static String csvLine(List<String> cells) {
        List<String> quoted = new ArrayList<>();
        for (String cell : cells) {
            boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
            // Data, so nothing is cut; but no raw control characters reach a terminal (newlines are quoted).
            String safe = Text.escapeControls(cell, true);
            quoted.add(quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe);
        }
        return String.join(",", quoted);
    }
}
