package io.runfleet.scheduler.study;

import static io.runfleet.scheduler.study.StudyExpansion.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PointsCsvTest {

    @Test
    void typesUnquotedValuesAndKeepsQuotedOnesAsText() {
        PointsCsv.Parsed parsed = PointsCsv.parse("""
                n,x,flag,label,missing
                1,0.5,true,heat,
                -7,1e-3,FALSE,"007",
                9223372036854775807,.25,yes,"a, ""b""\nc",""
                """);

        assertThat(parsed.names()).containsExactly("n", "x", "flag", "label", "missing");
        assertThat(parsed.points()).containsExactly(
                point("n", 1, "x", 0.5, "flag", true, "label", "heat", "missing", null),
                point("n", -7, "x", 0.001, "flag", false, "label", "007", "missing", null),
                point("n", Long.MAX_VALUE, "x", 0.25, "flag", "yes", "label", "a, \"b\"\nc", "missing", ""));
    }

    @Test
    void acceptsCrLfSpacesAroundFieldsBlankLinesAndAByteOrderMark() {
        PointsCsv.Parsed parsed = PointsCsv.parse("\uFEFFa , b\r\n\r\n 1 , two words \r\n\n3,4");

        assertThat(parsed.names()).containsExactly("a", "b");
        assertThat(parsed.points()).containsExactly(point("a", 1, "b", "two words"), point("a", 3, "b", 4));
    }

    @Test
    void refusesWhatCannotBeReadNamingTheLine() {
        assertThatThrownBy(() -> PointsCsv.parse("a,b\n1,2\n3\n"))
                .hasMessageStartingWith("line 3 has 1 values but the header names 2 parameters [a, b]");
        assertThatThrownBy(() -> PointsCsv.parse("a\n\"open\n"))
                .hasMessageStartingWith("line 2 has a quoted value that is never closed");
        assertThatThrownBy(() -> PointsCsv.parse("a,a\n1,2\n")).hasMessageContaining("names 'a' twice");
        assertThatThrownBy(() -> PointsCsv.parse("a,\n1,2\n")).hasMessageContaining("empty column name");
        assertThatThrownBy(() -> PointsCsv.parse("a\n1\"2\n")).hasMessageContaining("quote inside an unquoted");
        assertThatThrownBy(() -> PointsCsv.parse("a\n99999999999999999999\n"))
                .hasMessageContaining("line 2, column a: integer 99999999999999999999 is too large");
        assertThatThrownBy(() -> PointsCsv.parse("  \n\n")).hasMessageStartingWith("no header line");
    }

    @Test
    void csvPointsExpandInTheirOrderAfterPointsAndBeforeSpace() {
        assertThat(StudyExpansion.points("""
                csv: "a,b\\n1,x\\n2,\\n"
                space: {grid: {c: [true, false]}}
                """)).containsExactly(
                point("a", 1, "b", "x", "c", true), point("a", 1, "b", "x", "c", false),
                point("a", 2, "b", null, "c", true), point("a", 2, "b", null, "c", false));
    }
}
