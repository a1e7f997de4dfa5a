package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runfleet.wire.AgentReport;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.security.CurveKeyring;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ZeroMQ side of the transport contract: raw DEALERs ({@link RawDealer}) at the scheduler's router
 * ({@code agent-reports}) and the results service's router ({@code run-results}). Over ZeroMQ a malformed
 * message is NACKed to its sender with the reason, logged by the consumer and dropped: nothing is kept.
 */
final class ZeroMqProbe implements TransportProbe {

    /** How long a service may take to answer a raw peer; generous, it measures nothing. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(30);
    /** Enough failing answers to see the pattern, few enough to read. */
    private static final int PROBLEMS_SHOWN = 5;
    /** {@code Inbound.decode}'s warning for a message its consumer cannot read. */
    private static final Pattern MALFORMED_WARNING = Pattern.compile("\\bWARN\\b.*dropping malformed (\\w+): (.*)$");

    private static final InboundTarget AGENT_REPORTS =
            new InboundTarget(Channels.AGENT_REPORTS, AgentReport.class, "agentId");
    private static final InboundTarget RUN_RESULTS = new InboundTarget(Channels.RUN_RESULTS, RunResult.class, "runId");

    private final SystemUnderTest system;
    private final Map<String, RawDealer> dealers = new HashMap<>();
    private final Map<Integer, RawDealer.Settlement> answers = new HashMap<>();
    private final Map<String, Integer> logLinesBefore = new HashMap<>();

    ZeroMqProbe(SystemUnderTest system) {
        this.system = system;
    }

    @Override
    public List<InboundTarget> malformedTargets() {
        return List.of(AGENT_REPORTS, RUN_RESULTS);
    }

    @Override
    public void deliverRunResult(byte[] payload) {
        String messageId = "replay-" + UUID.randomUUID();
        RawDealer dealer = dealer(Channels.RUN_RESULTS);
        dealer.sendMessage(Channels.RUN_RESULTS, messageId, payload);
        RawDealer.Settlement answer = dealer.awaitSettlement(messageId, REPLY_TIMEOUT);
        assertThat(answer).as("answer of the results service to the result delivered as %s", messageId).isNotNull();
        assertThat(answer.acked()).as("results service acknowledged %s (NACK reason: %s)", messageId, answer.reason())
                .isTrue();
    }

    /** One at a time, each waiting for its answer: the answers carry the reasons checked afterwards. */
    @Override
    public void sendMalformed(List<MalformedMessage> messages) {
        for (InboundTarget target : malformedTargets()) {
            ServiceProcess consumer = consumerOf(target.channel());
            logLinesBefore.put(consumer.name(), consumer.logLines().size());
        }
        for (MalformedMessage message : messages) {
            RawDealer dealer = dealer(message.target().channel());
            dealer.sendMessage(message.target().channel(), message.marker(), message.payload());
            answers.put(message.number(), dealer.awaitSettlement(message.marker(), REPLY_TIMEOUT));
        }
    }

    @Override
    public void assertMalformedHandled(List<MalformedMessage> messages) {
        List<String> problems = messages.stream().map(this::problemOf).filter(Objects::nonNull).toList();
        assertThat(problems.size()).as("malformed messages of %d not NACKed with a reason naming what is wrong; "
                + "the first: %s", messages.size(), problems.subList(0, Math.min(problems.size(), PROBLEMS_SHOWN)))
                .isZero();
        MalformedMessages.byChannel(messages)
                .forEach((channel, sent) -> assertOneWarningEach(consumerOf(channel), sent));
    }

    /** What is wrong with the answer to {@code message}, or null if it is a NACK naming the kind of problem. */
    private String problemOf(MalformedMessage message) {
        RawDealer.Settlement answer = answers.get(message.number());
        if (answer == null) {
            return message + ": no answer within " + REPLY_TIMEOUT;
        }
        if (answer.acked()) {
            return message + ": acknowledged as if it were readable";
        }
        return message.kind().isNamedBy(answer.reason()) ? null : message + ": NACK reason '" + answer.reason() + "'";
    }

    /** The consumer logged one warning per message, each naming the reason; none more. */
    private void assertOneWarningEach(ServiceProcess consumer, List<MalformedMessage> sent) {
        String record = sent.get(0).target().recordName();
        await(sent.size() + " 'dropping malformed " + record + "' warnings in " + consumer.log())
                .atMost(LOG_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> newWarnings(consumer, record).size() >= sent.size());
        List<String> reasons = newWarnings(consumer, record);
        assertThat(reasons).as("reasons logged by %s for malformed %s", consumer, record).hasSize(sent.size());
        MalformedMessages.countByKind(sent).forEach((kind, count) -> assertThat(
                reasons.stream().filter(kind::isNamedBy).count())
                .as("warnings of %s naming %s, among %s", consumer, kind, reasons).isEqualTo(count));
    }

    private List<String> newWarnings(ServiceProcess consumer, String record) {
        List<String> lines = consumer.logLines();
        return lines.subList(Math.min(logLinesBefore.get(consumer.name()), lines.size()), lines.size()).stream()
                .map(MALFORMED_WARNING::matcher)
                .filter(Matcher::find)
                .filter(matcher -> matcher.group(1).equals(record))
                .map(matcher -> matcher.group(2))
                .toList();
    }

    private RawDealer dealer(String channel) {
        return dealers.computeIfAbsent(channel, name -> {
            RawDealer dealer = rawDealerAt(name);
            dealer.hello(REPLY_TIMEOUT);
            return dealer;
        });
    }

    /** With the local agents' key: both channels take messages from agents only. */
    private RawDealer rawDealerAt(String channel) {
        return switch (channel) {
            case Channels.AGENT_REPORTS -> system.rawDealerAtScheduler(CurveKeyring.AGENT);
            case Channels.RUN_RESULTS -> system.rawDealerAtResults();
            default -> throw new IllegalArgumentException("no router takes channel " + channel + " from a raw dealer");
        };
    }

    /** The service whose router takes {@code channel}. */
    private ServiceProcess consumerOf(String channel) {
        String name = switch (channel) {
            case Channels.AGENT_REPORTS -> "scheduler";
            case Channels.RUN_RESULTS -> "results";
            default -> throw new IllegalArgumentException("no router takes channel " + channel + " from a raw dealer");
        };
        return system.services().stream().filter(service -> service.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no service process named " + name + " in "
                        + system.services()));
    }

    @Override
    public void close() {
        dealers.values().forEach(RawDealer::close);
        dealers.clear();
    }
}
