package io.runfleet.wire.zeromq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The socket-free parts of the transport: framing, credit bookkeeping and channel settings. */
class ProtocolPartsTest {

    @Test
    void framesRoundTripAndRejectWhatIsNotTheProtocol() throws Exception {
        Frames.Frame credit = Frames.parse(Frames.of(Command.CREDIT, "run-requests", 3));
        assertThat(credit.command()).isEqualTo(Command.CREDIT);
        assertThat(credit.text(0)).isEqualTo("run-requests");
        assertThat(credit.number(1)).isEqualTo(3);

        assertThatThrownBy(() -> Frames.parse(List.of(Frames.text("RF1"))))
                .hasMessageContaining("at least 2 frames");
        assertThatThrownBy(() -> Frames.parse(List.of(Frames.text("RF2"), Frames.text("PING"), Frames.text("x"))))
                .hasMessageContaining("unknown protocol version");
        assertThatThrownBy(() -> Frames.parse(List.of(Frames.text("RF1"), Frames.text("JUMP"))))
                .hasMessageContaining("unknown command 'JUMP'");
        assertThatThrownBy(() -> Frames.parse(List.of(Frames.text("RF1"), Frames.text("ACK"), Frames.text("c"))))
                .hasMessageContaining("ACK needs 2 argument frames, got 1");
        assertThatThrownBy(() -> Frames.parse(Frames.of(Command.CREDIT, "c", "many")).number(1))
                .hasMessageContaining("not a number");
    }

    @Test
    void ledgerTakesTurnsAmongPeersWithCreditAndForgetsDroppedOnes() {
        CreditLedger ledger = new CreditLedger();
        ledger.grant("a", "run-requests", 2);
        ledger.grant("b", "run-requests", 1);
        List<String> order = new ArrayList<>();
        String peer;
        while ((peer = ledger.next("run-requests", Set.of())) != null) {
            order.add(peer);
            ledger.spend(peer, "run-requests");
        }
        assertThat(order).containsExactly("a", "b", "a");

        ledger.grant("a", "run-requests", 5);
        ledger.grant("b", "run-requests", 1);
        assertThat(ledger.drop("a")).isEqualTo(5);
        assertThat(ledger.next("run-requests", Set.of())).isEqualTo("b");
        assertThat(ledger.next("run-requests", Set.of("b"))).isNull();
        assertThat(ledger.next("other-channel", Set.of())).isNull();
    }

    @Test
    void dealerCreditFollowsDemandCapsItAndStartsOverEachSession() {
        DealerCredit credit = new DealerCredit(100);
        credit.want(2);
        assertThat(credit.topUp()).isEqualTo(2);
        assertThat(credit.topUp()).isZero();
        credit.received();
        credit.want(1);
        assertThat(credit.topUp()).isEqualTo(1);

        credit.newSession();
        assertThat(credit.topUp()).as("outstanding demand re-granted to a new router").isEqualTo(2);

        DealerCredit unbounded = new DealerCredit(100);
        unbounded.want(Long.MAX_VALUE);
        assertThat(unbounded.topUp()).isEqualTo(100);
        unbounded.received();
        assertThat(unbounded.topUp()).isEqualTo(1);
    }

    @Test
    void settingsApplyDefaultsAndNameTheAttributeThatIsWrong() {
        ChannelSettings settings = ChannelSettings.from(new MapConfig(Map.of("channel-name", "run-requests",
                "socket", "Router", "endpoint", "tcp://*:5555", "advertise", "results=tcp://h:5556")), false);
        assertThat(settings.socket()).isEqualTo(SocketKind.ROUTER);
        assertThat(settings.highWaterMark()).isEqualTo(10_000);
        assertThat(settings.heartbeatInterval().toMillis()).isEqualTo(1_000);
        assertThat(settings.heartbeatTimeout().toMillis()).isEqualTo(5_000);
        assertThat(settings.ackTimeout().toMillis()).isEqualTo(5_000);
        assertThat(settings.advertise()).containsEntry("results", "tcp://h:5556");

        assertThatThrownBy(() -> ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "dealer")),
                true)).hasMessageContaining("'endpoint' is missing");
        assertThatThrownBy(() -> ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "push",
                "endpoint", "tcp://h:1")), true)).hasMessageContaining("'socket' is 'push'");
        assertThatThrownBy(() -> ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "pub",
                "endpoint", "tcp://*:1")), true)).hasMessageContaining("cannot carry incoming");
        assertThatThrownBy(() -> ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "dealer",
                "endpoint", "tcp://h:1", "ack-timeout", "soon")), false)).hasMessageContaining("'ack-timeout' is 'soon'");
        assertThatThrownBy(() -> ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "router",
                "endpoint", "tcp://*:1", "advertise", "results")), false)).hasMessageContaining("key=tcp://HOST:PORT");
        assertThatThrownBy(() -> ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "dealer",
                "endpoint", "tcp://h:1", "heartbeat-interval", "5000")), false))
                .hasMessageContaining("heartbeat-timeout");
        assertThatThrownBy(() -> ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "pub",
                "endpoint", "tcp://*:1", "discover", "control")), false))
                .hasMessageContaining("'discover' only applies to dealer and sub sockets");
    }

    @Test
    void aDeliveryTimeoutIsADurationWithItsUnitOnOutgoingDealerChannelsOnly() {
        assertThat(ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "dealer",
                "endpoint", "tcp://h:1")), false).deliveryTimeout()).isEmpty();
        assertThat(ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "dealer",
                "endpoint", "tcp://h:1", "delivery-timeout", "10m")), false).deliveryTimeout())
                .contains(java.time.Duration.ofMinutes(10));
        assertThat(ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "dealer",
                "endpoint", "tcp://h:1", "delivery-timeout", "PT30S")), false).deliveryTimeout())
                .contains(java.time.Duration.ofSeconds(30));
        assertThatThrownBy(() -> ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "dealer",
                "endpoint", "tcp://h:1", "delivery-timeout", "600")), false))
                .hasMessageContaining("'delivery-timeout' is '600'; write a positive duration with its unit");
        assertThatThrownBy(() -> ChannelSettings.from(new MapConfig(Map.of("channel-name", "x", "socket", "router",
                "endpoint", "tcp://*:1", "delivery-timeout", "1m")), false))
                .hasMessageContaining("only applies to outgoing dealer channels");
    }

    @Test
    void aLoopbackAddressAdvertisedToADealerFromAnotherHostMeansTheRoutersHost() {
        assertThat(ReachableAddress.of("tcp://localhost:5556", "tcp://login01:5555")).isEqualTo("tcp://login01:5556");
        assertThat(ReachableAddress.of("tcp://127.0.0.1:5556", "tcp://10.1.2.3:5555")).isEqualTo("tcp://10.1.2.3:5556");
        assertThat(ReachableAddress.of("tcp://localhost:5556", "tcp://127.0.0.1:5555"))
                .as("a dealer on the router's machine").isEqualTo("tcp://localhost:5556");
        assertThat(ReachableAddress.of("tcp://results01:5556", "tcp://login01:5555"))
                .as("an address that is not loopback stays").isEqualTo("tcp://results01:5556");
    }

    @Test
    void aNackSaysWhetherTheRefusalIsForGood() throws Exception {
        Frames.Frame nack = Frames.parse(Frames.of(Command.NACK, "run-results", "7", "terminal", "too long"));
        assertThat(Disposition.parse(nack.text(2))).isEqualTo(Disposition.TERMINAL);
        assertThat(Disposition.of(new io.runfleet.wire.MalformedMessageException("x"))).isEqualTo(Disposition.TERMINAL);
        assertThat(Disposition.of(new IllegalStateException("x"))).isEqualTo(Disposition.TRANSIENT);
        assertThatThrownBy(() -> Frames.parse(List.of(Frames.text("RF1"), Frames.text("NACK"), Frames.text("c"),
                Frames.text("7"), Frames.text("reason")))).hasMessageContaining("NACK needs 4 argument frames");
        assertThatThrownBy(() -> Disposition.parse("maybe")).hasMessageContaining("'terminal' or 'transient'");
    }

    @Test
    void aSubscriberMayDiscoverItsPublisherLikeADealer() {
        ChannelSettings sub = ChannelSettings.from(new MapConfig(Map.of("channel-name", "agent-control",
                "socket", "sub", "endpoint", "tcp://h:5555", "discover", "control")), true);

        assertThat(sub.discover()).contains("control");
        assertThat(sub.socketKey()).isEqualTo(new SocketKey(SocketKind.SUB, "tcp://h:5555", "control"));
    }

    @Test
    void aPortInUseFailsStartUpNamingTheEndpoint() {
        int port;
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            port = taken.getLocalPort();
            try (ZmqConnector connector = new ZmqConnector()) {
                assertThatThrownBy(() -> connector.getSubscriber(new MapConfig(Map.of("channel-name", "run-requests",
                        "socket", "router", "endpoint", "tcp://127.0.0.1:" + port))))
                        .hasMessageContaining("cannot bind").hasMessageContaining("tcp://127.0.0.1:" + port);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
