package io.runfleet.systemtest;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.runfleet.wire.rabbitmq.BrokerPermissions;
import io.runfleet.wire.rabbitmq.BrokerRole;
import io.runfleet.wire.rabbitmq.RabbitMqTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The RabbitMQ broker running on this machine ({@code RABBITMQ_HOST}/{@code RABBITMQ_PORT}, default
 * 127.0.0.1:5672, user guest), driven with {@code rabbitmqctl}. Each test class gets a fresh virtual host
 * {@code rf-it-<random>}, so queues and messages of different classes or builds never meet, and one user per
 * {@link BrokerRole} ({@code <vhost>-scheduler}, {@code -results}, {@code -agent}, random passwords) holding
 * exactly the permissions the documentation grants ({@link BrokerPermissions}) on that vhost only. The
 * services and agents log in as their role's user; guest is left to the test's own inspection. Users and
 * vhost are deleted on {@link #close()}.
 *
 * <p>An unreachable broker is a failure, never a skip, like a missing database.
 */
final class RabbitMqBroker implements AutoCloseable {

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 5672;
    private static final String USER = "guest";
    private static final Duration CTL_TIMEOUT = Duration.ofSeconds(60);
    /** A broker restarting its application on a busy machine takes a while to accept connections again. */
    static final Duration BACK_TIMEOUT = Duration.ofSeconds(120);

    private final String host;
    private final int port;
    private final String virtualHost;
    private final Map<BrokerRole, String> passwords = new EnumMap<>(BrokerRole.class);
    private boolean deleted;

    private RabbitMqBroker(String host, int port, String virtualHost) {
        this.host = host;
        this.port = port;
        this.virtualHost = virtualHost;
    }

    /** Checks the broker is up and creates a virtual host of its own where guest may do everything. */
    static RabbitMqBroker createFreshVirtualHost() {
        String host = env("RABBITMQ_HOST", DEFAULT_HOST);
        int port = Integer.parseInt(env("RABBITMQ_PORT", String.valueOf(DEFAULT_PORT)));
        if (!acceptsConnections(host, port)) {
            throw new IllegalStateException("RabbitMQ is not reachable at " + host + ":" + port
                    + "; start the broker or point RABBITMQ_HOST/RABBITMQ_PORT at one (the tests never skip)");
        }
        String vhost = "rf-it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        rabbitmqctl("add_vhost", vhost);
        RabbitMqBroker broker = new RabbitMqBroker(host, port, vhost);
        try {
            rabbitmqctl("set_permissions", "-p", vhost, USER, ".*", ".*", ".*");
            for (BrokerRole role : BrokerRole.values()) {
                broker.addRoleUser(role);
            }
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** A user of the role's own, with the documented permissions on this vhost and none elsewhere. */
    private void addRoleUser(BrokerRole role) {
        String password = UUID.randomUUID().toString();
        rabbitmqctl("add_user", userOf(role), password);
        // recorded once it exists, so that close() deletes it even if granting fails
        passwords.put(role, password);
        BrokerPermissions permissions = BrokerPermissions.of(role, RabbitMqTopology.defaults());
        rabbitmqctl("set_permissions", "-p", virtualHost, userOf(role), permissions.configure(), permissions.write(),
                permissions.read());
    }

    /** The role of a module's process: which broker user it logs in as. */
    static BrokerRole roleOf(String module) {
        return switch (module) {
            case "scheduler-service" -> BrokerRole.SCHEDULER;
            case "results-service" -> BrokerRole.RESULTS;
            case "worker-agent" -> BrokerRole.AGENT;
            default -> throw new IllegalArgumentException("no broker role for module " + module);
        };
    }

    String userOf(BrokerRole role) {
        return virtualHost + "-" + role.key();
    }

    String passwordOf(BrokerRole role) {
        return passwords.get(role);
    }

    /** The properties that point a process of {@code role} at this broker and virtual host, as its own user. */
    Map<String, String> clientProperties(BrokerRole role) {
        return clientProperties(userOf(role), passwords.get(role));
    }

    /** The properties of guest (every permission on this vhost), for the test's own probes. */
    Map<String, String> clientProperties() {
        return clientProperties(USER, USER);
    }

    private Map<String, String> clientProperties(String user, String password) {
        return Map.of(
                "rabbitmq-host", host,
                "rabbitmq-port", String.valueOf(port),
                "rabbitmq-username", user,
                "rabbitmq-password", password,
                "rabbitmq-virtual-host", virtualHost);
    }

    String virtualHost() {
        return virtualHost;
    }

    /**
     * An AMQP connection factory for this broker and virtual host, for a test that publishes or reads
     * messages itself. Without automatic recovery: a test's connection that breaks should fail the test.
     */
    ConnectionFactory connectionFactory() {
        return connectionFactory(USER, USER);
    }

    /** As {@link #connectionFactory()}, logging in as the role's user. */
    ConnectionFactory connectionFactory(BrokerRole role) {
        return connectionFactory(userOf(role), passwords.get(role));
    }

    private ConnectionFactory connectionFactory(String user, String password) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    /** Names of the queues declared in this virtual host. */
    List<String> queueNames() {
        String out = rabbitmqctl("list_queues", "-p", virtualHost, "--quiet", "--no-table-headers", "name");
        return out.lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
    }

    /** Ready messages per queue of this virtual host. */
    Map<String, Long> queueMessageCounts() {
        String out = rabbitmqctl("list_queues", "-p", virtualHost, "--quiet", "--no-table-headers", "name", "messages");
        Map<String, Long> counts = new TreeMap<>();
        out.lines().map(String::trim).filter(line -> !line.isEmpty()).forEach(line -> {
            String[] cells = line.split("\\s+");
            counts.put(cells[0], Long.parseLong(cells[cells.length - 1]));
        });
        return counts;
    }

    /**
     * Waits until every queue is declared: a message published before its queue exists is unroutable and
     * dropped, so no study may start before the consumers have declared theirs.
     */
    void awaitQueues(Collection<String> names) {
        await("queues " + names + " declared in vhost " + virtualHost)
                .atMost(ServiceProcess.STARTUP_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> queueNames().containsAll(names));
    }

    /**
     * Plays an agent that takes a message from {@code queue} and vanishes before acking it, over and over (a
     * channel of its own per take, closed with the message unacked, so the broker delivers it again), until
     * {@code enough} holds; logs in as the agents' user. Answers how many times it took one.
     */
    int takeAndVanish(String queue, BooleanSupplier enough) {
        AtomicInteger taken = new AtomicInteger();
        try (Connection connection = connectionFactory(BrokerRole.AGENT).newConnection("vanishing-agent")) {
            await("deliveries from " + queue + " taken and dropped until the test has what it waits for")
                    .atMost(ServiceProcess.STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try (Channel channel = connection.createChannel()) {
                            if (channel.basicGet(queue, false) != null) {
                                taken.incrementAndGet();
                            }
                        }
                        return enough.getAsBoolean();
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("the vanishing agent lost its connection to " + this, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the vanishing agent could not connect to " + this, e);
        }
        return taken.get();
    }

    /**
     * Waits for a message in {@code queue}, takes it and puts {@code rewrite} of it back through {@code exchange}
     * with {@code routingKey} and the same properties (confirmed), then acks the original: one message changed in
     * place, as a sender of another version would have written it. Logs in as guest.
     */
    void rewriteQueued(String queue, String exchange, String routingKey, UnaryOperator<byte[]> rewrite) {
        try (Connection connection = connectionFactory().newConnection("rewriting-probe");
             Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            AtomicReference<GetResponse> taken = new AtomicReference<>();
            await("a message in " + queue).atMost(ServiceProcess.STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        taken.set(channel.basicGet(queue, false));
                        return taken.get() != null;
                    });
            channel.basicPublish(exchange, routingKey, true, taken.get().getProps(), rewrite.apply(taken.get().getBody()));
            channel.waitForConfirmsOrDie(Duration.ofSeconds(30).toMillis());
            channel.basicAck(taken.get().getEnvelope().getDeliveryTag(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("rewriting a message of " + queue + " failed at " + this, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer while rewriting a message of " + queue, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rewriting a message of " + queue, e);
        }
    }

    /** Stops the broker's application (the Erlang node stays up), as an operator restarting RabbitMQ would. */
    static void stopApp() {
        rabbitmqctl("stop_app");
    }

    static void startApp() {
        rabbitmqctl("start_app");
    }

    /** Waits until the broker accepts AMQP connections and answers {@code rabbitmqctl} again. */
    void awaitBack() {
        await("RabbitMQ back at " + host + ":" + port)
                .atMost(BACK_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    rabbitmqctl("await_startup");
                    return acceptsConnections(host, port);
                });
    }

    static boolean acceptsConnections(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (deleted) {
            return;
        }
        deleted = true;
        try {
            // users are broker-wide: deleting the vhost only drops their permissions on it
            passwords.keySet().forEach(role -> rabbitmqctl("delete_user", userOf(role)));
        } finally {
            rabbitmqctl("delete_vhost", virtualHost);
        }
    }

    /** Runs {@code rabbitmqctl args...}; a non-zero exit is a failure naming the command and its output. */
    static String rabbitmqctl(String... args) {
        List<String> command = new ArrayList<>();
        command.add(env("RABBITMQCTL", "rabbitmqctl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // Read before waiting: a full pipe would block the command.
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(CTL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + CTL_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + " (is the broker running, and may this user run rabbitmqctl? RABBITMQCTL names another "
                        + "command): " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + "; install rabbitmqctl or set RABBITMQCTL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String toString() {
        return "RabbitMQ " + host + ":" + port + " vhost " + virtualHost;
    }
}
