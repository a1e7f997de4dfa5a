package io.runfleet.wire.zeromq;

import io.runfleet.wire.security.AuthorizedKeys;
import io.runfleet.wire.security.CurveKeyPair;
import io.runfleet.wire.security.PeerRole;
import java.util.Map;
import java.util.Optional;
import org.zeromq.ZMQ;

/**
 * CurveZMQ for connectors and raw sockets in tests. Every test "process" shares one key pair, used as
 * server key by routers and publishers and as client key by dealers and subscribers, and authorised as
 * an agent: the existing transport tests run encrypted and authenticated without caring about keys.
 * These keys protect nothing; they exist only for tests.
 */
final class TestCurve {

    static final CurveKeyPair PAIR = new CurveKeyPair("p#o%qLJ-T7eq=CyYDNaU9u1i&e3o=xDRyT3E#hkN",
            "7:9XCoZhJUlAk+Y>XXGL5PMR{dK*G0=]kdG0jDnf", Optional.empty());
    /** A second authorised key, with the role of the results service. */
    static final CurveKeyPair RESULTS = new CurveKeyPair("mD*5K:o<r9w3IYAMt$os++6YsFkKbOXqlX!I*K?!",
            "knSx7y4fTQ=XXu[npIA?BvGI@2MhW-)kIudStw9y", Optional.empty());

    private TestCurve() {
    }

    /** Settings of a test process with {@code own} as its pair; both test keys are authorised. */
    static CurveSettings settings(CurveKeyPair own) {
        return CurveSettings.curve(own, Optional.of(PAIR.publicKey()),
                Map.of("results", PAIR.publicKey(), "control", PAIR.publicKey()),
                new AuthorizedKeys(Map.of(PAIR.publicKey(), PeerRole.AGENT, RESULTS.publicKey(), PeerRole.RESULTS),
                        Optional.empty()));
    }

    static CurveSettings settings() {
        return settings(PAIR);
    }

    /** A connector standing for one process with the shared test pair. */
    static ZmqConnector connector() {
        return new ZmqConnector(settings());
    }

    /** Client options on a raw socket: {@code own} as its pair, the shared pair's public key as the server's. */
    static void client(ZMQ.Socket socket, CurveKeyPair own) {
        SocketLoop.secureClient(socket, settings(own), PAIR.publicKey());
    }

    static void client(ZMQ.Socket socket) {
        client(socket, PAIR);
    }

    /** Server options on a raw socket (no ZAP handler in its context: it lets in any client key). */
    static void server(ZMQ.Socket socket) {
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(PAIR.publicKey()));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(PAIR.secretKey()));
        socket.setCurveServer(true);
    }
}
