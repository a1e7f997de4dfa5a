package io.runfleet.results.export;

import java.util.ArrayList;
import java.util.List;

/** Parses RFC 4180 CSV (quoted cells may hold commas, doubled quotes and line breaks). */
public final class CsvTable {

    private CsvTable() {
    }

    /** @return the records, the header first; every cell as its text, an empty cell as "" */
    public static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i += 2;
                continue;
            } else {
                cell.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new IllegalArgumentException("CSV ends inside a quoted cell");
        }
        if (cell.length() > 0 || !record.isEmpty()) {
            throw new IllegalArgumentException("CSV does not end with CRLF");
        }
        return records;
    }
}
