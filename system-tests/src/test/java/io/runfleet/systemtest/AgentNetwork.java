package io.runfleet.systemtest;

import java.util.List;

/**
 * Where the services' ZeroMQ sockets listen and how agents are started and reach them. The default is
 * loopback everywhere; network fault tests move the services to another local address (the host end of a
 * namespace's veth pair), start agents inside a namespace ({@code ip netns exec NAME}), or route the agents'
 * connections through a {@link FaultProxy}. HTTP stays on loopback in every case: only the tests use it.
 *
 * @param serviceHost address the scheduler and results routers (and the control PUB) bind to
 * @param agentCommandPrefix put before {@code java ...} when an agent starts, e.g. {@code ip netns exec NAME}
 * @param route the endpoint agents are given for a router at {@code serviceHost:port}
 */
record AgentNetwork(String serviceHost, List<String> agentCommandPrefix, Route route) {

    static final String LOOPBACK_HOST = "127.0.0.1";

    /** How an agent reaches a router: directly, or through something in between. */
    @FunctionalInterface
    interface Route {
        /** The {@code tcp://HOST:PORT} endpoint agents connect to for the router bound at {@code host:port}. */
        String endpointFor(String host, int port);
    }

    static final Route DIRECT = (host, port) -> "tcp://" + host + ":" + port;

    AgentNetwork {
        agentCommandPrefix = List.copyOf(agentCommandPrefix);
    }

    static AgentNetwork loopback() {
        return new AgentNetwork(LOOPBACK_HOST, List.of(), DIRECT);
    }

    AgentNetwork servicesOn(String host) {
        return new AgentNetwork(host, agentCommandPrefix, route);
    }

    AgentNetwork agentsStartedWith(List<String> prefix) {
        return new AgentNetwork(serviceHost, prefix, route);
    }

    AgentNetwork agentsRoutedThrough(Route through) {
        return new AgentNetwork(serviceHost, agentCommandPrefix, through);
    }

    boolean isLoopbackOnly() {
        return LOOPBACK_HOST.equals(serviceHost);
    }

    /** The endpoint a service binds, or that another service connects to directly. */
    String serviceEndpoint(int port) {
        return DIRECT.endpointFor(serviceHost, port);
    }

    /** The endpoint agents are given for the router at {@code port}. */
    String agentEndpoint(int port) {
        return route.endpointFor(serviceHost, port);
    }
}
