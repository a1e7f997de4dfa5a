package io.runfleet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Group names the Python way and the Java way, read alike by the scheduler and the agent. */
class RegexGroupsTest {

    @Test
    void javaNamesAreKeptAndOthersGetJavaNamesThatMapBack() {
        RegexGroups groups = RegexGroups.of("e=(?P<energy_out>\\S+) n=(?<n>\\d+) t=(?<t_1>\\w+)-(?P=t_1)-\\k<t_1>");

        assertThat(groups.outputs()).containsExactly("energy_out", "n", "t_1");
        assertThat(groups.names()).containsEntry("n", "n").containsValue("energy_out").containsValue("t_1");
        Matcher matcher = Pattern.compile(groups.javaPattern()).matcher("e=1.5 n=3 t=ab-ab-ab");
        assertThat(matcher.matches()).isTrue();
        groups.names().forEach((javaName, output) -> assertThat(javaName).matches("[A-Za-z][A-Za-z0-9]*"));
        Map<String, String> back = groups.names();
        assertThat(back.entrySet()).anySatisfy(entry -> {
            assertThat(entry.getValue()).isEqualTo("energy_out");
            assertThat(matcher.group(entry.getKey())).isEqualTo("1.5");
        });
    }

    @Test
    void escapedParenthesesClassesAndLookbehindsAreNotGroups() {
        RegexGroups groups = RegexGroups.of("\\(?<no>\\) [(?<no2>)] (?<=x)(?<!y)(?<yes>z)");

        assertThat(groups.outputs()).containsExactly("yes");
        assertThat(groups.javaPattern()).isEqualTo("\\(?<no>\\) [(?<no2>)] (?<=x)(?<!y)(?<yes>z)");
    }

    @Test
    void aNameClashWithATranslatedNameIsAvoided() {
        RegexGroups groups = RegexGroups.of("(?P<a_b>1)(?<g1ab>2)");

        assertThat(groups.names()).hasSize(2).containsEntry("g1ab", "g1ab");
        assertThat(groups.javaPattern()).doesNotContain("(?<g1ab>1)");
    }

    @Test
    void namesThatAreNotIdentifiersOrTwiceUsedAreRefused() {
        assertThatThrownBy(() -> RegexGroups.of("(?P<e-1>x)")).isInstanceOf(RegexGroups.InvalidName.class)
                .hasMessageContaining("'e-1' is not a name");
        assertThatThrownBy(() -> RegexGroups.of("(?P<e>x)(?<e>y)")).hasMessageContaining("'e' is used twice");
    }
}
