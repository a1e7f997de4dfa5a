package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.wire.Channels;
import io.runfleet.wire.security.CurveKeyring;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input at both doors: an invalid study is refused with a 400 that names the field, and stores
 * nothing; malformed messages on the services' ZeroMQ ports are dropped without harm.
 */
class BadInputIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2);

    /** How long a service may take to answer a raw peer; generous, it measures nothing. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    static Stream<Arguments> invalidStudies() {
        return Stream.of(
                Arguments.of("an unknown field", """
                        name: it-bad-unknown-field
                        parameters:
                          grid: {a: [1, 2]}
                        template:
                          comand: [echo, '{{ a }}']
                          timeout: 10s
                        """, "comand"),
                Arguments.of("an empty grid list", """
                        name: it-bad-empty-grid
                        parameters:
                          grid: {a: []}
                        template:
                          command: [echo, '{{ a }}']
                          timeout: 10s
                        """, "grid"),
                Arguments.of("a placeholder naming no parameter", """
                        name: it-bad-placeholder
                        parameters:
                          grid: {a: [1, 2]}
                        template:
                          command: [echo, '{{ nosuch }}']
                          timeout: 10s
                        """, "template"),
                Arguments.of("a negative timeout", """
                        name: it-bad-timeout
                        parameters:
                          grid: {a: [1, 2]}
                        template:
                          command: [echo, '{{ a }}']
                          timeout: -5s
                        """, "timeout"),
                Arguments.of("zip lists of different lengths", """
                        name: it-bad-zip
                        parameters:
                          zip: {x: [1, 2], y: [1, 2, 3]}
                        template:
                          command: [echo, '{{ x }}', '{{ y }}']
                          timeout: 10s
                        """, "zip"));
    }

    @ParameterizedTest(name = "a study with {0} is refused, naming the field")
    @MethodSource("invalidStudies")
    void anInvalidStudyIsRefusedNamingTheFieldAndNothingIsStored(String what, String yaml, String fieldFragment) {
        JsonNode before = SYSTEM.scheduler().studies();

        JsonNode refusal = SYSTEM.scheduler().submitYaml(yaml).expect(400);

        assertThat(refusal.path("error").asText()).as("error of %s", refusal).isEqualTo("invalid study");
        List<JsonNode> problems = JsonLists.elements(refusal.path("problems"));
        assertThat(problems).as("problems of %s", refusal).isNotEmpty();
        assertThat(problems).as("a problem naming %s in %s", fieldFragment, refusal).anySatisfy(problem -> {
            assertThat(problem.path("field").asText()).contains(fieldFragment);
            assertThat(problem.path("message").asText()).isNotBlank();
        });
        if (what.startsWith("a placeholder")) {
            assertThat(refusal.toString()).as("the unknown placeholder is named").contains("nosuch");
        }
        assertThat(SYSTEM.scheduler().studies()).as("studies after refusing %s", what).isEqualTo(before);
    }

    @Test
    void malformedMessagesOnTheWireAreRefusedAndTheServicesGoOn() {
        // each with an authorised key of the role its channels accept: garbage from a stranger never gets this far
        try (RawDealer toScheduler = SYSTEM.rawDealerAtScheduler(CurveKeyring.AGENT);
             RawDealer toSchedulerAsResults = SYSTEM.rawDealerAtScheduler(CurveKeyring.RESULTS);
             RawDealer toResults = SYSTEM.rawDealerAtResults()) {
            toScheduler.sendGarbage();
            toResults.sendGarbage();

            toScheduler.hello(REPLY_TIMEOUT);
            toSchedulerAsResults.hello(REPLY_TIMEOUT);
            toResults.hello(REPLY_TIMEOUT);
            assertUnreadablePayloadsAreNacked(toScheduler, Channels.AGENT_REPORTS);
            assertUnreadablePayloadsAreNacked(toSchedulerAsResults, Channels.RUN_COMPLETED);
            assertUnreadablePayloadsAreNacked(toResults, Channels.RUN_RESULTS);
            // an agent's key may not complete runs: refused with the reason, before any decoding
            toScheduler.sendMessage(Channels.RUN_COMPLETED, "forged-completion", "{}".getBytes(StandardCharsets.UTF_8));
            List<String> refusal = toScheduler.awaitCommand("NACK", "forged-completion", REPLY_TIMEOUT);
            assertThat(refusal).as("NACK of a completion sent with an agent's key").isNotNull();
            // NACK [channel][id][terminal|transient][reason]: a refused role is refused for good
            assertThat(refusal.get(2)).isEqualTo("terminal");
            assertThat(refusal.get(refusal.size() - 1)).contains("role 'agent'").contains(Channels.RUN_COMPLETED);
        }

        for (ServiceProcess service : SYSTEM.services()) {
            assertThat(service.isAlive()).as("%s still running", service).isTrue();
        }
        SYSTEM.scheduler().rest().get("/health").expectText(200);
        SYSTEM.results().rest().get("/health").expectText(200);

        String studyId = SYSTEM.scheduler().submitValidYaml("""
                name: it-after-garbage
                parameters:
                  grid: {a: [1, 2, 3]}
                template:
                  command: [sh, -c, 'printf "{\\"twice\\": %d}" $(({{ a }} * 2)) > result.json']
                  timeout: 30s
                outputs:
                  - {json: result.json}
                policy: {maxParallel: 2, retries: 0, crashLimit: 3}
                """);
        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(3);
        assertThat(SYSTEM.results().rows(studyId)).hasSize(3)
                .allSatisfy(row -> assertThat(row.path("twice").asLong()).isEqualTo(2 * row.path("a").asLong()));
    }

    @Test
    void aDealerWithAnUnknownKeyGetsNothingFromTheSchedulerWhileAStudyRuns() {
        try (RawDealer stranger = SYSTEM.rawDealerAtSchedulerWithUnknownKey()) {
            stranger.helloAndCredit(Channels.RUN_REQUESTS, 100);
            String studyId = SYSTEM.scheduler().submitValidYaml("""
                    name: it-stranger-asks-for-runs
                    parameters:
                      grid: {a: [1, 2, 3, 4, 5, 6]}
                    template:
                      command: [sh, -c, 'echo "{\\"a\\": {{ a }} }" > result.json']
                      timeout: 30s
                    outputs:
                      - {json: result.json}
                    policy: {maxParallel: 6, retries: 0, crashLimit: 3}
                    """);
            await("the scheduler refusing the unknown key at a handshake").atMost(REPLY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100)).until(stranger::refusedByServer);
            stranger.helloAndCredit(Channels.RUN_REQUESTS, 100);
            JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");

            assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(6);
            assertThat(SYSTEM.results().rows(studyId)).extracting(row -> row.path("_agent").asText())
                    .as("agents of the rows").noneMatch(agent -> agent.startsWith("it-raw"));
            assertThat(stranger.receivedNothing()).as("no WELCOME and no run for the unknown key").isTrue();
        }
    }

    /** Well-framed messages whose JSON cannot be read: each is refused with a reason, never acked. */
    private static void assertUnreadablePayloadsAreNacked(RawDealer dealer, String channel) {
        List<String> payloads = List.of(
                "{not json",
                "{\"schemaVersion\": 1}",
                "{\"schemaVersion\": 99, \"studyId\": \"s\", \"runId\": \"r\"}",
                "[1, 2, 3]");
        for (int i = 0; i < payloads.size(); i++) {
            String messageId = channel + "-bad-" + i;
            dealer.sendMessage(channel, messageId, payloads.get(i).getBytes(StandardCharsets.UTF_8));
            List<String> nack = dealer.awaitCommand("NACK", messageId, REPLY_TIMEOUT);
            assertThat(nack).as("NACK on %s for payload %s", channel, payloads.get(i)).isNotNull();
            assertThat(nack.get(2)).as("reason of the NACK for %s", payloads.get(i)).isNotBlank();
        }
    }
}
