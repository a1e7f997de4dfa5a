package io.runfleet.wire.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import io.runfleet.wire.Channels;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every exchange, queue and binding of the RabbitMQ transport, and which {@link BrokerRole} declares each, in
 * one place.
 *
 * <p>Each producing role publishes to a direct exchange of its own (the scheduler to
 * {@code runfleet.from-scheduler}, agents to {@code runfleet.from-agents}, the results service to
 * {@code runfleet.from-results}), routed by channel name to the channel's queue. RabbitMQ grants write on an
 * exchange whatever the routing key, so one shared exchange would let an agent publish {@code run-completed};
 * with an exchange per producer, write on its own exchange is all an agent gets, and its exchange has no
 * binding to the scheduler's completion queue.
 *
 * <p>A queue is declared by its consumer, which can then declare it with the arguments it relies on; the
 * exception is {@code run-requests}, declared by its producer, the scheduler, because agents are granted
 * configure on no named resource (configure also allows deleting). A service also declares the exchanges it
 * publishes to and those its queues are bound to, so the two services never wait for each other's exchanges.
 * What a role uses and does not declare it only expects ({@link #expect}): the results service expects the
 * scheduler's {@code run-completed} queue before it publishes completions into it, and an agent expects every
 * queue it reads or sends to before it takes work. Declarations are idempotent, and the services run the same
 * code, so two declarations of one name never differ.
 */
@ApplicationScoped
public class RabbitMqTopology {

    /** The point-to-point channels with a queue each, routed by channel name through their producer's exchange. */
    static final List<Route> ROUTES = List.of(
            new Route(Channels.RUN_REQUESTS, BrokerRole.SCHEDULER, BrokerRole.AGENT),
            new Route(Channels.AGENT_REPORTS, BrokerRole.AGENT, BrokerRole.SCHEDULER),
            new Route(Channels.RUN_RESULTS, BrokerRole.AGENT, BrokerRole.RESULTS),
            new Route(Channels.RUN_COMPLETED, BrokerRole.RESULTS, BrokerRole.SCHEDULER),
            // declared by its producer: the results service already waits for the scheduler's queues at start, and
            // the scheduler, declaring this one itself, never waits for the results service's
            new Route(Channels.STUDY_EVENTS, BrokerRole.SCHEDULER, BrokerRole.RESULTS, BrokerRole.SCHEDULER));

    /**
     * Channels whose dead letters the scheduler also receives ({@link Channels#RUN_DEAD_LETTERS}): a run request or
     * a run result that dies in the dead-letter queue strands its run unless the scheduler hears of it.
     */
    static final List<String> RUN_STRANDING_CHANNELS = List.of(Channels.RUN_REQUESTS, Channels.RUN_RESULTS);

    /** A queued channel: who publishes into it, who consumes it and who declares its queue. */
    record Route(String channel, BrokerRole producer, BrokerRole consumer, BrokerRole declarer) {

        /** Declared by the consumer, unless that is an agent: agents are trusted to declare nothing named. */
        Route(String channel, BrokerRole producer, BrokerRole consumer) {
            this(channel, producer, consumer, consumer == BrokerRole.AGENT ? producer : consumer);
        }
    }

    private final String schedulerExchange;
    private final String agentExchange;
    private final String resultsExchange;
    private final String eventsExchange;
    private final String controlExchange;
    private final String deadLetterExchange;
    private final String deadLetterQueue;
    private final String queuePrefix;
    private final long deliveryLimit;

    public RabbitMqTopology(
            @ConfigProperty(name = "runfleet.rabbitmq.scheduler-exchange", defaultValue = "runfleet.from-scheduler")
            String schedulerExchange,
            @ConfigProperty(name = "runfleet.rabbitmq.agent-exchange", defaultValue = "runfleet.from-agents")
            String agentExchange,
            @ConfigProperty(name = "runfleet.rabbitmq.results-exchange", defaultValue = "runfleet.from-results")
            String resultsExchange,
            @ConfigProperty(name = "runfleet.rabbitmq.events-exchange", defaultValue = "runfleet.events") String eventsExchange,
            @ConfigProperty(name = "runfleet.rabbitmq.control-exchange", defaultValue = "runfleet.control")
            String controlExchange,
            @ConfigProperty(name = "runfleet.rabbitmq.dead-letter-exchange", defaultValue = "runfleet.dlx")
            String deadLetterExchange,
            @ConfigProperty(name = "runfleet.rabbitmq.dead-letter-queue", defaultValue = "runfleet.dead-letter")
            String deadLetterQueue,
            @ConfigProperty(name = "runfleet.rabbitmq.queue-prefix", defaultValue = "runfleet.") String queuePrefix,
            @ConfigProperty(name = "runfleet.rabbitmq.delivery-limit", defaultValue = "5") long deliveryLimit) {
        this.schedulerExchange = schedulerExchange;
        this.agentExchange = agentExchange;
        this.resultsExchange = resultsExchange;
        this.eventsExchange = eventsExchange;
        this.controlExchange = controlExchange;
        this.deadLetterExchange = deadLetterExchange;
        this.deadLetterQueue = deadLetterQueue;
        this.queuePrefix = queuePrefix;
        this.deliveryLimit = deliveryLimit;
    }

    /** The default names, as documented: every name under {@code runfleet.}, delivery limit 5. */
    public static RabbitMqTopology defaults() {
        return prefixed("runfleet.", 5);
    }

    /** Every name under {@code prefix}, as the defaults and the isolated test topologies are. */
    public static RabbitMqTopology prefixed(String prefix, long deliveryLimit) {
        return new RabbitMqTopology(prefix + "from-scheduler", prefix + "from-agents", prefix + "from-results",
                prefix + "events", prefix + "control", prefix + "dlx", prefix + "dead-letter", prefix, deliveryLimit);
    }

    /** Deliveries of one run request without an ack before the broker dead-letters it ({@code x-delivery-limit}). */
    public long deliveryLimit() {
        return deliveryLimit;
    }

    /** The queue that holds a channel's messages. */
    public String queueOf(String channel) {
        return queuePrefix + channel;
    }

    /**
     * The queue of one pool's run requests ({@link io.runfleet.wire.Pools}): {@code runfleet.run-requests.<pool>}.
     * Agents of the pool consume it instead of {@code run-requests}; the scheduler declares it before it publishes
     * the pool's first request, and deletes it when the pool's study has ended.
     */
    public String poolQueueOf(String pool) {
        return queueOf(Channels.RUN_REQUESTS) + "." + pool;
    }

    /** The routing key, on the scheduler's exchange, of one pool's run requests. */
    public String poolRoutingKeyOf(String pool) {
        return Channels.RUN_REQUESTS + "." + pool;
    }

    /**
     * Declares one pool's request queue, as {@code run-requests} is declared (quorum, delivery limit, dead letters),
     * and binds it. Its dead letters carry the routing key of {@code run-requests}, so that they reach the scheduler
     * and the dead-letter queue by the bindings that exist already: one pool's queue needs no binding of its own
     * there, and ends with nothing left behind when it is deleted.
     */
    public void declarePool(Channel channel, String pool) throws IOException {
        TopologySteps steps = new TopologySteps(channel);
        String queue = poolQueueOf(pool);
        steps.queue(queue, requestQueueArguments(queueOf(Channels.RUN_REQUESTS)));
        steps.bind(queue, schedulerExchange, poolRoutingKeyOf(pool));
    }

    /** A regular expression matching the name of every pool's request queue, for permissions. */
    String poolQueuePattern() {
        return BrokerPermissions.escape(queueOf(Channels.RUN_REQUESTS)) + "\\.[A-Za-z0-9_.-]+";
    }

    /** The direct exchange a role publishes its point-to-point messages to. */
    public String exchangeOf(BrokerRole producer) {
        return switch (producer) {
            case SCHEDULER -> schedulerExchange;
            case AGENT -> agentExchange;
            case RESULTS -> resultsExchange;
        };
    }

    /** The exchange a channel's messages are published to: its producer's. */
    public String exchangeOfChannel(String channel) {
        return exchangeOf(route(channel).producer());
    }

    /** The fanout exchange of {@link Channels#AGENT_CONTROL}: every agent binds a queue of its own to it. */
    public String controlExchange() {
        return controlExchange;
    }

    public String eventsExchange() {
        return eventsExchange;
    }

    public String deadLetterExchange() {
        return deadLetterExchange;
    }

    public String deadLetterQueue() {
        return deadLetterQueue;
    }

    /** Declares what {@code role} owns; fails if something exists with other arguments or the user may not. */
    void declare(TopologySteps steps, BrokerRole role) throws IOException {
        for (String exchange : ownedExchanges(role)) {
            steps.exchange(exchange, typeOf(exchange));
        }
        List<Route> owned = ownedRoutes(role);
        if (!owned.isEmpty()) {
            steps.queue(deadLetterQueue, Map.of());
        }
        for (Route route : owned) {
            String queue = queueOf(route.channel());
            steps.queue(queue, queueArguments(route.channel(), queue));
            steps.bind(queue, exchangeOf(route.producer()), route.channel());
            // dead letters keep the queue they died in as routing key (x-dead-letter-routing-key below)
            steps.bind(deadLetterQueue, deadLetterExchange, queue);
        }
        if (role == BrokerRole.SCHEDULER) {
            // a copy of each dead run request and run result for the scheduler, beside the operators' copy in the
            // dead-letter queue (a direct exchange hands a message to every queue bound with its key)
            String runDeadLetters = queueOf(Channels.RUN_DEAD_LETTERS);
            steps.queue(runDeadLetters, Map.of());
            for (String channel : RUN_STRANDING_CHANNELS) {
                steps.bind(runDeadLetters, deadLetterExchange, queueOf(channel));
            }
        }
    }

    /** Checks that what {@code role} uses but others declare exists; fails with a waitable error if not yet. */
    void expect(TopologySteps steps, BrokerRole role) throws IOException {
        for (String exchange : usedExchanges(role)) {
            if (!ownedExchanges(role).contains(exchange)) {
                steps.expectExchange(exchange, declarersOf(exchange));
            }
        }
        for (Route route : ROUTES) {
            boolean used = route.producer() == role || route.consumer() == role;
            if (used && route.declarer() != role) {
                steps.expectQueue(queueOf(route.channel()), route.declarer().key());
            }
        }
    }

    /**
     * What a process of {@code role} does at start: declares its part, then checks the parts it uses from
     * others. The broker's refusal or a part not there yet fails with a message saying which.
     */
    public void declareAndExpect(Channel channel, BrokerRole role) throws IOException {
        TopologySteps steps = new TopologySteps(channel);
        declare(steps, role);
        expect(steps, role);
    }

    /** Declares every role's part, as an administrator pre-declaring the topology would (and tests do). */
    public void declareAll(Channel channel) throws IOException {
        TopologySteps steps = new TopologySteps(channel);
        for (BrokerRole role : BrokerRole.values()) {
            declare(steps, role);
        }
    }

    /** Exchanges {@code role} declares: agents none; a service those it publishes to and those its queues bind from. */
    Set<String> ownedExchanges(BrokerRole role) {
        Set<String> exchanges = new LinkedHashSet<>();
        if (role == BrokerRole.AGENT) {
            return exchanges;
        }
        exchanges.addAll(publishedExchanges(role));
        exchanges.addAll(bindSources(role));
        return exchanges;
    }

    /** Queues {@code role} declares (the dead-letter queue too, when it declares any other). */
    Set<String> ownedQueues(BrokerRole role) {
        Set<String> queues = withDeadLetters(ownedRoutes(role), route -> queueOf(route.channel()), deadLetterQueue);
        if (role == BrokerRole.SCHEDULER) {
            queues.add(queueOf(Channels.RUN_DEAD_LETTERS));
        }
        return queues;
    }

    /** Exchanges {@code role} publishes to: its own, its broadcasts, and the dead-letter exchange (refused messages). */
    Set<String> publishedExchanges(BrokerRole role) {
        Set<String> exchanges = new LinkedHashSet<>();
        exchanges.add(exchangeOf(role));
        switch (role) {
            case SCHEDULER -> exchanges.add(controlExchange);
            case RESULTS -> exchanges.add(eventsExchange);
            case AGENT -> { }
        }
        exchanges.add(deadLetterExchange);
        return exchanges;
    }

    /** Exchanges that {@code role} binds queues from (an agent binds its own cancel queue to the control exchange). */
    Set<String> bindSources(BrokerRole role) {
        // a queue's dead-letter binding is made with the queue: from the dead-letter exchange
        Set<String> exchanges = withDeadLetters(ownedRoutes(role), route -> exchangeOf(route.producer()),
                deadLetterExchange);
        if (role == BrokerRole.AGENT) {
            exchanges.add(controlExchange);
        }
        return exchanges;
    }

    /** Queues {@code role} consumes. */
    Set<String> consumedQueues(BrokerRole role) {
        Set<String> queues = new LinkedHashSet<>();
        ROUTES.stream().filter(route -> route.consumer() == role).forEach(route -> queues.add(queueOf(route.channel())));
        if (role == BrokerRole.SCHEDULER) {
            queues.add(queueOf(Channels.RUN_DEAD_LETTERS));
        }
        return queues;
    }

    private Set<String> usedExchanges(BrokerRole role) {
        Set<String> exchanges = new LinkedHashSet<>(publishedExchanges(role));
        exchanges.addAll(bindSources(role));
        return exchanges;
    }

    /** A name per route, and {@code deadLetterName} after them if there is any. */
    private static Set<String> withDeadLetters(List<Route> routes, Function<Route, String> name, String deadLetterName) {
        Set<String> names = new LinkedHashSet<>();
        routes.forEach(route -> names.add(name.apply(route)));
        if (!names.isEmpty()) {
            names.add(deadLetterName);
        }
        return names;
    }

    private List<Route> ownedRoutes(BrokerRole role) {
        return ROUTES.stream().filter(route -> route.declarer() == role).toList();
    }

    private String declarersOf(String exchange) {
        return List.of(BrokerRole.values()).stream().filter(role -> ownedExchanges(role).contains(exchange))
                .map(BrokerRole::key).toList().toString();
    }

    private static Route route(String channel) {
        return ROUTES.stream().filter(route -> route.channel().equals(channel)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no queued channel " + channel + " in " + ROUTES));
    }

    private BuiltinExchangeType typeOf(String exchange) {
        if (exchange.equals(eventsExchange)) {
            return BuiltinExchangeType.TOPIC;
        }
        // a broadcast: each agent consumes it through an exclusive, server-named queue that its connector
        // declares and binds (the one queue declared outside this class: it lives as long as its agent)
        return exchange.equals(controlExchange) ? BuiltinExchangeType.FANOUT : BuiltinExchangeType.DIRECT;
    }

    private Map<String, Object> queueArguments(String channelName, String queue) {
        if (Channels.RUN_REQUESTS.equals(channelName)) {
            return requestQueueArguments(queue);
        }
        return Map.of("x-dead-letter-exchange", deadLetterExchange, "x-dead-letter-routing-key", queue);
    }

    /**
     * Quorum: replicated where the broker is a cluster, and it counts deliveries, so a request that kills every
     * agent it reaches is dead-lettered after deliveryLimit tries instead of circling forever.
     */
    private Map<String, Object> requestQueueArguments(String deadLetterKey) {
        return Map.of("x-queue-type", "quorum", "x-delivery-limit", deliveryLimit,
                "x-dead-letter-exchange", deadLetterExchange, "x-dead-letter-routing-key", deadLetterKey);
    }
}
