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
}
