package io.runfleet.results.export;

/** Turns values into RFC 4180 CSV cells. */
final class CsvCells {

    private CsvCells() {
    }

    static String cell(Object value) {
        String text = CellText.of(value);
        return text == null ? "" : quoted(text);
    }

    /** Quotes a cell that holds a comma, a quote or a line break, doubling its quotes. */
    static String quoted(String text) {
        boolean needsQuotes = text.indexOf(',') >= 0 || text.indexOf('"') >= 0
                || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return needsQuotes ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
