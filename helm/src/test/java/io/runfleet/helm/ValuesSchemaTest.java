package io.runfleet.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json refuses bad values before anything is rendered, naming the field. */
class ValuesSchemaTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("an unknown transport", "transport: kafka\n", new String[] {"transport", "zeromq"}),
                Arguments.of("a negative number of agents", "agent: {replicas: -1}\n", new String[] {"agent", "replicas"}),
                Arguments.of("a key that is not 40 Z85 characters", "curve: {agent: {publicKey: too-short}}\n",
                        new String[] {"curve", "publicKey"}),
                Arguments.of("a misspelled key", "postgresql: {hostname: db}\n", new String[] {"hostname"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void isRefusedNamingTheField(String what, String values, String[] named) {
        var refusal = assertThatThrownBy(() -> Chart.template(values)).as(what);
        for (String name : named) {
            refusal.hasMessageContaining(name);
        }
    }
}
