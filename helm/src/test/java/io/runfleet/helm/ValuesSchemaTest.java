package io.runfleet.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** values.schema.json refuses bad values before anything is rendered, naming the field. */
class ValuesSchemaTest {

    @Test
    void anUnknownTransportIsRefused() {
        assertThatThrownBy(() -> Chart.template("transport: kafka\n"))
                .hasMessageContaining("transport").hasMessageContaining("zeromq");
    }

    @Test
    void aNegativeNumberOfAgentsIsRefused() {
        assertThatThrownBy(() -> Chart.template("agent: {replicas: -1}\n"))
                .hasMessageContaining("agent").hasMessageContaining("replicas");
    }

    @Test
    void aCurveKeyThatIsNot40Z85CharactersIsRefused() {
        assertThatThrownBy(() -> Chart.template("curve: {agent: {publicKey: too-short}}\n"))
                .hasMessageContaining("curve").hasMessageContaining("publicKey");
    }

    @Test
    void aMisspelledKeyIsRefusedWhereTheSchemaKnowsAllKeys() {
        assertThatThrownBy(() -> Chart.template("postgresql: {hostname: db}\n"))
                .hasMessageContaining("hostname");
    }
}
