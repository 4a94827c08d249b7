package org.duplex.wininstaller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table of a built MSI, read with msitools' {@code msiinfo export}: its rows as column-name ->
 * value maps. The export's first three lines are the column names, their types, and the table name
 * with its key columns; each further line is one row, tab-separated.
 */
record MsiTable(String name, List<Map<String, String>> rows) {

    static MsiTable read(Path msi, String table) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("msiinfo", "export", msi.toString(), table).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("msiinfo export " + msi + " " + table + " failed: " + err);
        }
        List<String> lines = out.lines().toList();
        if (lines.size() < 3) {
            return new MsiTable(table, List.of());
        }
        String[] columns = lines.get(0).split("\t", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(3, lines.size())) {
            String[] cells = Arrays.copyOf(line.split("\t", -1), columns.length);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) {
                row.put(columns[i], cells[i] == null ? "" : cells[i]);
            }
            rows.add(row);
        }
        return new MsiTable(table, rows);
    }

    /** Values of one column, in row order. */
    List<String> column(String column) {
        return rows.stream().map(r -> r.get(column)).toList();
    }

    /** The single row whose {@code column} equals {@code value}; fails naming the table when absent or repeated. */
    Map<String, String> row(String column, String value) {
        List<Map<String, String>> found = rows.stream().filter(r -> value.equals(r.get(column))).toList();
        if (found.size() != 1) {
            throw new AssertionError("table " + name + ": expected one row with " + column + "=" + value + ", found "
                    + found.size() + " in " + rows);
        }
        return found.get(0);
    }
}
