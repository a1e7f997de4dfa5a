package io.runfleet.wire.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void substitutesNamesWithAndWithoutSpaces() {
        Template template = Template.parse("k={{k}} L={{ length }}\n");

        assertThat(template.render(Map.of("k", 0.5, "length", 3))).isEqualTo("k=0.5 L=3\n");
        assertThat(template.names()).containsExactly("k", "length");
    }

    @Test
    void appliesPrintfFormats() {
        assertThat(Template.parse("{{ x | %.3f }}|{{ n | %05d }}").render(Map.of("x", 1.0 / 3, "n", 42)))
                .isEqualTo("0.333|00042");
    }

    @Test
    void nullIsEmptyTextWithOrWithoutAFormat() {
        Map<String, Object> values = new java.util.HashMap<>();
        values.put("c", null);

        assertThat(Template.parse("[{{ c }}][{{ c | %.3f }}]").render(values)).isEqualTo("[][]");
    }

    @Test
    void builtinDottedNamesAreNames() {
        assertThat(Template.parse("{{ run.id }}-{{ run.seq }}").names()).containsExactly("run.id", "run.seq");
    }

    @Test
    void valuesAreInsertedLiterally() {
        String hostile = "; rm -rf /tmp/x $(id) {{ y }}";

        assertThat(Template.parse("{{ v }}").render(Map.of("v", hostile, "y", "no"))).isEqualTo(hostile);
    }

    @Test
    void unknownNameIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Template.parse("{{ nope }}").render(Map.of("x", 1)))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("{{ nope }}");
    }

    @Test
    void formatThatDoesNotFitIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Template.parse("{{ x | %d }}").render(Map.of("x", "text")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("%d");
        assertThatThrownBy(() -> Template.parse("{{ x | .3f }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("starts with %");
    }

    @Test
    void textWithoutPlaceholdersIsUnchanged() {
        Template template = Template.parse("#!/bin/sh\necho ${HOME} {not a placeholder}\n");

        assertThat(template.hasPlaceholders()).isFalse();
        assertThat(template.render(Map.of())).isEqualTo("#!/bin/sh\necho ${HOME} {not a placeholder}\n");
    }

    /** As Python's % operator: a numeric format takes integers and decimals alike. */
    @Test
    void numericFormatsTakeIntegersAndDecimalsAsPythonDoes() {
        assertThat(render("%.3f", 1)).isEqualTo("1.000");
        assertThat(render("%.3f", 1L)).isEqualTo("1.000");
        assertThat(render("%5.2f", 2)).isEqualTo(" 2.00");
        assertThat(render("%e", 1)).isEqualTo("1.000000e+00");
        assertThat(render("%d", 2.0)).isEqualTo("2");
        assertThat(render("%05d", 7.0)).isEqualTo("00007");
        assertThat(render("%d", 2.5)).isEqualTo("2");
        assertThat(render("%d", -2.5)).isEqualTo("-2");
        assertThat(render("%x", 255)).isEqualTo("ff");
        assertThat(render("%x", 255.0)).isEqualTo("ff");
        assertThat(render("%x", -255)).isEqualTo("-ff");
        assertThat(render("%#x", 255)).isEqualTo("0xff");
        assertThat(render("%o", 8)).isEqualTo("10");
        assertThat(render("%.1f K", 3)).isEqualTo("3.0 K");
        assertThat(render("%d", new java.math.BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
    }

    /** Python's %g drops trailing zeros; Java's keeps them. Expected values are Python's. */
    @Test
    void generalFormatIsPythons() {
        assertThat(render("%g", 1)).isEqualTo("1");
        assertThat(render("%g", 0.001)).isEqualTo("0.001");
        assertThat(render("%g", 1.0e-5)).isEqualTo("1e-05");
        assertThat(render("%g", 123456789)).isEqualTo("1.23457e+08");
        assertThat(render("%g", 0.5)).isEqualTo("0.5");
        assertThat(render("%g", 100000.0)).isEqualTo("100000");
        assertThat(render("%g", 1000000.0)).isEqualTo("1e+06");
        assertThat(render("%.3g", 3.14159)).isEqualTo("3.14");
        assertThat(render("%#g", 1)).isEqualTo("1.00000");
        assertThat(render("%8.2g", -1.5)).isEqualTo("    -1.5");
        assertThat(render("%-6g|", 2)).isEqualTo("2     |");
        assertThat(render("%06g", -2)).isEqualTo("-00002");
        assertThat(render("%+g", 2)).isEqualTo("+2");
        assertThat(render("%G", 1.0e-5)).isEqualTo("1E-05");
        assertThat(render("%g", 0)).isEqualTo("0");
    }

    @Test
    void numericFormatsRefuseWhatPythonRefusesNamingTheFix() {
        assertThatThrownBy(() -> render("%x", 2.5)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("needs a whole number").hasMessageContaining("%.0f");
        assertThatThrownBy(() -> render("%d", Double.NaN)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("%d");
        assertThatThrownBy(() -> render("%.3f", "abc")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("needs a number").hasMessageContaining("{{ x }} without a format");
        assertThatThrownBy(() -> render("%d", true)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("a boolean");
    }

    private static String render(String format, Object value) {
        return Template.parse("{{ x | " + format + " }}").render(Map.of("x", value));
    }
}
