package io.runfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** NOTES.txt: which Secrets a release still waits for, and how to reach it. */
class NotesTest {

    @Test
    void withNoSecretValuesTheNotesNameEachSecretThePodsWaitForWithItsKeys() {
        String notes = Chart.notes("{}\n");

        assertThat(notes).contains("NOT READY YET")
                .contains("rf-runfleet-auth with the keys admin-token (optional: rest-tokens)")
                .contains("rf-runfleet-postgresql with the keys password")
                .contains("rf-runfleet-curve with the keys agent-public-key, agent-secret-key, results-public-key, "
                        + "results-secret-key, scheduler-public-key, scheduler-secret-key (optional: authorized-keys)")
                .doesNotContain("rf-runfleet-rabbitmq")
                .contains("kubectl -n batch port-forward svc/rf-runfleet-scheduler 8080");
    }

    @Test
    void withEverySecretGivenTheNotesDoNotWarn() {
        GivenSecrets given = GivenSecrets.fresh();
        String notes = Chart.notes(given.valuesYaml());

        assertThat(notes).doesNotContain("NOT READY YET").contains("transport: zeromq");
        given.values().forEach(value -> assertThat(notes).doesNotContain(value));
    }
}
