package io.runfleet.wire.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens connections to the broker for the parts of the RabbitMQ transport that talk to it directly (the
 * credit connector, the topology declaration, dead letters), from the same {@code rabbitmq-*} keys the
 * SmallRye connector reads, so one set of settings serves every channel.
 */
@ApplicationScoped
public class BrokerConnections {

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final String virtualHost;
    private final boolean ssl;
    private final Optional<String> trustStorePath;
    private final Optional<String> trustStorePassword;
    private final boolean verifyHostname;
    private final Duration reconnectInterval;

    public BrokerConnections(
            @ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost,
            @ConfigProperty(name = "rabbitmq-ssl", defaultValue = "false") boolean ssl,
            @ConfigProperty(name = "rabbitmq-trust-store-path") Optional<String> trustStorePath,
            @ConfigProperty(name = "rabbitmq-trust-store-password") Optional<String> trustStorePassword,
            @ConfigProperty(name = "runfleet.rabbitmq.ssl.verify-hostname", defaultValue = "true") boolean verifyHostname,
            @ConfigProperty(name = "rabbitmq-reconnect-interval", defaultValue = "2") int reconnectIntervalSeconds) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.virtualHost = virtualHost;
        this.ssl = ssl;
        this.trustStorePath = trustStorePath;
        this.trustStorePassword = trustStorePassword;
        this.verifyHostname = verifyHostname;
        this.reconnectInterval = Duration.ofSeconds(Math.max(1, reconnectIntervalSeconds));
    }

    /**
     * A new connection named after its purpose (shown in the broker's management UI). The client's own
     * automatic recovery is off: each user of a connection decides what a lost connection means for it.
     */
    public Connection open(String purpose) throws IOException, TimeoutException {
        return factory().newConnection("runfleet " + purpose);
    }

    /** How long to wait before trying a lost broker again. */
    public Duration reconnectInterval() {
        return reconnectInterval;
    }

    /** The user every connection of this process logs in as ({@code rabbitmq-username}). */
    public String username() {
        return username;
    }

    /** The vhost every connection of this process opens ({@code rabbitmq-virtual-host}). */
    public String virtualHost() {
        return virtualHost;
    }

    /** host:port/vhost, for log lines. */
    public String address() {
        return host + ":" + port + (virtualHost.startsWith("/") ? virtualHost : "/" + virtualHost);
    }

    private ConnectionFactory factory() throws IOException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(10_000);
        factory.setRequestedHeartbeat(10);
        if (ssl) {
            factory.useSslProtocol(sslContext());
            if (verifyHostname) {
                factory.enableHostnameVerification();
            }
        }
        return factory;
    }

    private SSLContext sslContext() throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStorePath.isPresent() ? loadTrustStore(Path.of(trustStorePath.get())) : null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS to the broker (rabbitmq-trust-store-path="
                    + trustStorePath.orElse("<JVM default>") + "): " + e.getMessage(), e);
        }
    }

    private KeyStore loadTrustStore(Path path) throws IOException, GeneralSecurityException {
        String name = path.getFileName().toString().toLowerCase();
        KeyStore store = KeyStore.getInstance(name.endsWith(".p12") || name.endsWith(".pfx") ? "PKCS12" : "JKS");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, trustStorePassword.map(String::toCharArray).orElse(null));
        }
        return store;
    }
}
