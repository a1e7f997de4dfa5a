package io.runfleet.wire.zeromq;

import io.runfleet.wire.security.Loopback;

/**
 * Reads an advertised address as the dealer that asked must use it. A router advertises what its operator set,
 * and the defaults name {@code localhost}: "on the router's own machine". A dealer on that machine connects there
 * as is; one that reached the router from elsewhere (its endpoint is not a loopback address) would reach only its
 * own machine, where nothing listens, and its messages would wait forever. For it, a loopback host in the
 * advertised address stands for the router's host as the dealer reached it, on the advertised port.
 */
final class ReachableAddress {

    private ReachableAddress() {
    }

    /** The address to connect to for {@code advertised}, learned from the router at {@code routerEndpoint}. */
    static String of(String advertised, String routerEndpoint) {
        if (!Loopback.isLoopbackEndpoint(advertised) || Loopback.isLoopbackEndpoint(routerEndpoint)) {
            return advertised;
        }
        String routerHost = Loopback.tcpHost(routerEndpoint);
        int portColon = advertised.lastIndexOf(':');
        if (routerHost == null || !advertised.startsWith("tcp://") || portColon < "tcp://".length()) {
            return advertised;
        }
        return "tcp://" + routerHost + advertised.substring(portColon);
    }
}
