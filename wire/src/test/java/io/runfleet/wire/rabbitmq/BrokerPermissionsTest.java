package io.runfleet.wire.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The permissions derived for each role, read as RabbitMQ reads them (a regular expression must find a match in
 * the resource name), and the documentation and the compose set-up granting exactly those.
 */
class BrokerPermissionsTest {

    private static final RabbitMqTopology TOPOLOGY = RabbitMqTopology.defaults();
    private static final BrokerPermissions SCHEDULER = BrokerPermissions.of(BrokerRole.SCHEDULER, TOPOLOGY);
    private static final BrokerPermissions RESULTS = BrokerPermissions.of(BrokerRole.RESULTS, TOPOLOGY);
    private static final BrokerPermissions AGENT = BrokerPermissions.of(BrokerRole.AGENT, TOPOLOGY);
    /** The repository root: Maven runs a module's tests in the module's directory. */
    private static final Path ROOT = Path.of("..");
    /** The request queue of the pool of study 7f3a. */
    private static final String POOL_QUEUE = "runfleet.run-requests.study-7f3a";

    @Test
    void anAgentConfiguresOnlyServerNamedQueuesWritesOnlyItsExchangeAndTheDeadLettersAndReadsOnlyRequestsAndCancels() {
        assertThat(matching(AGENT.configure(), everyName())).containsExactly("amq.gen-Xy12");
        assertThat(matching(AGENT.write(), everyName()))
                .containsExactly("runfleet.from-agents", "runfleet.dlx", "amq.gen-Xy12");
        assertThat(matching(AGENT.read(), everyName()))
                .containsExactly("runfleet.control", "runfleet.run-requests", POOL_QUEUE, "amq.gen-Xy12");
    }

    @Test
    void aPoolsRequestQueueIsDeclaredBoundAndDeletedByTheSchedulerAloneAndReadByAgents() {
        assertThat(TOPOLOGY.poolQueueOf("study-7f3a")).isEqualTo(POOL_QUEUE);
        assertThat(Pattern.compile(SCHEDULER.configure()).matcher(POOL_QUEUE).find()).isTrue();
        assertThat(Pattern.compile(SCHEDULER.write()).matcher(POOL_QUEUE).find()).isTrue();
        assertThat(Pattern.compile(SCHEDULER.read()).matcher(POOL_QUEUE).find()).isTrue();
        assertThat(matching(AGENT.configure(), List.of(POOL_QUEUE))).isEmpty();
        assertThat(matching(AGENT.write(), List.of(POOL_QUEUE))).isEmpty();
        for (String results : List.of(RESULTS.configure(), RESULTS.write(), RESULTS.read())) {
            assertThat(matching(results, List.of(POOL_QUEUE))).isEmpty();
        }
        // the pattern covers pool queues, not other names that merely start alike
        assertThat(matching(AGENT.read(), List.of("runfleet.run-requestsX", "runfleet.run-requests.", "x.run-requests.a")))
                .isEmpty();
    }

    @Test
    void theResultsServiceNeitherPublishesRunRequestsNorReadsWhatTheSchedulerConsumes() {
        assertThat(matching(RESULTS.write(), everyName())).containsExactly("runfleet.from-results", "runfleet.events",
                "runfleet.dlx", "runfleet.run-results", "runfleet.dead-letter");
        assertThat(matching(RESULTS.read(), everyName()))
                .containsExactly("runfleet.from-agents", "runfleet.dlx", "runfleet.run-results");
        assertThat(matching(RESULTS.configure(), everyName())).doesNotContain("runfleet.run-completed",
                "runfleet.run-requests", "runfleet.agent-reports", "runfleet.from-scheduler", "runfleet.control");
    }

    @Test
    void theSchedulerNeitherPublishesResultsOrCompletionsNorReadsResults() {
        assertThat(matching(SCHEDULER.write(), everyName())).doesNotContain("runfleet.from-agents",
                "runfleet.from-results", "runfleet.events", "runfleet.run-results");
        assertThat(matching(SCHEDULER.read(), everyName())).doesNotContain("runfleet.run-results",
                "runfleet.dead-letter");
        assertThat(matching(SCHEDULER.configure(), everyName())).doesNotContain("runfleet.run-results",
                "runfleet.events", "amq.gen-Xy12");
    }

    @Test
    void namesAreEscapedAndTheirCommonDottedPrefixFactoredOut() {
        assertThat(BrokerPermissions.regex(List.of("a.b-c", "a.d"), false)).isEqualTo("^a\\.(b-c|d)$");
        assertThat(BrokerPermissions.regex(List.of("x.y"), true)).isEqualTo("^(x\\.y|amq\\.gen-.*)$");
        assertThat(BrokerPermissions.regex(List.of("p.q.r", "p.s"), false)).isEqualTo("^p\\.(q\\.r|s)$");
        assertThat(BrokerPermissions.regex(List.of("a+b", "c"), false)).isEqualTo("^(a\\+b|c)$");
        assertThat(BrokerPermissions.regex(List.of(), false)).isEmpty();
    }

    @Test
    void theDocumentationAndTheComposeSetUpGrantExactlyThesePermissions() throws IOException {
        String docs = Files.readString(ROOT.resolve("docs/transport-rabbitmq.md"));
        String setUp = Files.readString(ROOT.resolve("deploy/compose/rabbitmq/create-users.sh"));
        for (BrokerRole role : BrokerRole.values()) {
            BrokerPermissions permissions = BrokerPermissions.of(role, TOPOLOGY);
            assertThat(docs).as("docs/transport-rabbitmq.md for the %s", role.key())
                    .contains(permissions.rabbitmqctl("runfleet", "runfleet-" + role.key()));
            assertThat(setUp).as("deploy/compose/rabbitmq/create-users.sh for the %s", role.key())
                    .contains("'" + permissions.configure() + "' '" + permissions.write() + "' '" + permissions.read()
                            + "'");
        }
    }

    /** Every name of the default topology, an agent's cancel queue, and the default exchange. */
    private static List<String> everyName() {
        return List.of("runfleet.from-scheduler", "runfleet.from-agents", "runfleet.from-results", "runfleet.events",
                "runfleet.control", "runfleet.dlx", "runfleet.run-requests", "runfleet.agent-reports",
                "runfleet.run-results", "runfleet.run-completed", "runfleet.dead-letter", POOL_QUEUE, "amq.gen-Xy12",
                "amq.default");
    }

    /** The names RabbitMQ would grant: those in which the expression finds a match (an empty one grants none). */
    private static List<String> matching(String regex, List<String> names) {
        if (regex.isEmpty()) {
            return List.of();
        }
        Pattern pattern = Pattern.compile(regex);
        return names.stream().filter(name -> pattern.matcher(name).find()).toList();
    }
}
