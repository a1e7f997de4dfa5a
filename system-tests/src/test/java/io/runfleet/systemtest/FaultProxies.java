package io.runfleet.systemtest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts a {@link FaultProxy} between the agents and each router they reach, all sharing one {@link ProxyFaults}.
 * Used as the agents' {@link AgentNetwork.Route}; register it as a static {@code @RegisterExtension} with a lower
 * {@code @Order} than the {@link SystemUnderTest}, so that the proxies close only after the agents stopped.
 */
final class FaultProxies implements AgentNetwork.Route, AfterAllCallback {

    private final ProxyFaults faults;
    /** One proxy per target port: every agent's connection to the same router goes through the same proxy. */
    private final Map<Integer, FaultProxy> proxies = new ConcurrentHashMap<>();

    FaultProxies(ProxyFaults faults) {
        this.faults = faults;
    }

    @Override
    public String endpointFor(String host, int port) {
        if (!AgentNetwork.LOOPBACK_HOST.equals(host)) {
            throw new IllegalArgumentException("the fault proxy forwards on loopback only, not to " + host);
        }
        return proxies.computeIfAbsent(port, target -> new FaultProxy(host, target, faults)).endpoint();
    }

    ProxyFaults faults() {
        return faults;
    }

    List<FaultProxy> proxies() {
        return List.copyOf(proxies.values());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        proxies.values().forEach(FaultProxy::close);
    }
}
