package io.runfleet.wire.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.wire.RunSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRenderingTest {

    private static final Map<String, Object> PARAMS = Map.of("x", 0.5, "name", "a b; $(id)");

    private static Map<String, Object> values() {
        return RunRendering.values(PARAMS, "s1", "r-1", 3, 2, "/work/s1/3-r-1-a2");
    }

    @Test
    void builtinsJoinTheParameters() {
        assertThat(values()).containsEntry("x", 0.5).containsEntry("run.id", "r-1").containsEntry("run.seq", 3L)
                .containsEntry("run.attempt", 2).containsEntry("study.id", "s1")
                .containsEntry("run.dir", "/work/s1/3-r-1-a2");
        assertThat(values().keySet()).containsAll(BuiltinNames.ALL);
    }

    @Test
    void eachArgumentIsRenderedOnItsOwn() {
        RunSpec spec = new RunSpec(List.of("echo", "{{ x | %.2f }}", "{{ name }}", "{{ run.dir }}/out"), false, null,
                Map.of("RUN", "{{ run.id }}"), Map.of("in.txt", "x={{ x }} seq={{ run.seq }}"), 0, List.of(), "all");

        assertThat(RunRendering.arguments(spec, values()))
                .containsExactly("echo", "0.50", "a b; $(id)", "/work/s1/3-r-1-a2/out");
        assertThat(RunRendering.environment(spec, values())).containsExactly(Map.entry("RUN", "r-1"));
        assertThat(RunRendering.files(spec, values())).containsExactly(Map.entry("in.txt", "x=0.5 seq=3"));
    }

    @Test
    void shellJoinsTheArgumentsForShCQuotingEachValue() {
        RunSpec spec = new RunSpec(List.of("echo", "{{ x }}", "> out"), true, null, null, null, 0, null, null);

        assertThat(RunRendering.arguments(spec, values())).containsExactly("sh", "-c", "echo '0.5' > out");
    }

    @Test
    void aShellValueStaysOneLiteralWordUnlessMarkedRaw() {
        Map<String, Object> params = Map.of("v", "it's; $(id) `id` *", "f", 2.0, "pipe", "| sort", "none", "");
        Map<String, Object> values = RunRendering.values(params, "s1", "r-1", 3, 2, "/work/s 1");
        RunSpec spec = new RunSpec(List.of("cmd", "--v={{ v }}", "{{ f | %.2f }}", "{{ run.dir }}/out", "{{ none }}",
                "{{ pipe | raw }}"), true, null, Map.of("E", "{{ v }}"), Map.of("in", "{{ v }}"), 0, null, null);

        assertThat(RunRendering.arguments(spec, values)).containsExactly("sh", "-c",
                "cmd --v='it'\\''s; $(id) `id` *' '2.00' '/work/s 1'/out '' | sort");
        assertThat(RunRendering.environment(spec, values)).containsEntry("E", "it's; $(id) `id` *");
        assertThat(RunRendering.files(spec, values)).containsEntry("in", "it's; $(id) `id` *");
    }

    @Test
    void withoutAShellRawChangesNothing() {
        RunSpec spec = new RunSpec(List.of("echo", "{{ name | raw }}"), false, null, null, null, 0, null, null);

        assertThat(RunRendering.arguments(spec, values())).containsExactly("echo", "a b; $(id)");
    }

    @Test
    void aBuiltinHasNoArguments() {
        RunSpec spec = new RunSpec(null, false, "noop", null, null, 0, null, null);

        assertThat(RunRendering.arguments(spec, values())).isEmpty();
    }

    @Test
    void environmentAndFilesComeSortedByName() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ZED", "1");
        environment.put("ALPHA", "2");
        RunSpec spec = new RunSpec(List.of("true"), false, null, environment, Map.of("b.txt", "", "a.txt", ""), 0,
                null, null);

        assertThat(RunRendering.environment(spec, values()).keySet()).containsExactly("ALPHA", "ZED");
        assertThat(RunRendering.files(spec, values()).keySet()).containsExactly("a.txt", "b.txt");
    }

    @Test
    void aFailureNamesWhereItHappened() {
        RunSpec badArgument = new RunSpec(List.of("echo", "{{ name | %d }}"), false, null, null, null, 0, null, null);
        RunSpec badFile = new RunSpec(List.of("true"), false, null, null, Map.of("in.txt", "{{ missing }}"), 0,
                null, null);

        assertThatThrownBy(() -> RunRendering.arguments(badArgument, values()))
                .isInstanceOf(TemplateException.class).hasMessageStartingWith("spec.command[1]: format '%d'");
        assertThatThrownBy(() -> RunRendering.files(badFile, values()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("spec.files 'in.txt': placeholder {{ missing }} names no parameter");
    }

    @Test
    void runDirectoryNameMatchesTheAgentsLayout() {
        assertThat(RunRendering.runDirectoryName("s1", 3, "r-1", 2)).isEqualTo("s1/3-r-1-a2");
    }
}
