package io.runfleet.wire.zeromq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.wire.security.AuthorizedKeys;
import io.runfleet.wire.security.CurveKeyPair;
import io.runfleet.wire.security.CurveKeyring;
import io.runfleet.wire.security.PeerRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processes of one stack, sharing a keyring directory, agree on every key without configuring one. */
class CurveSettingsTest {

    @TempDir
    Path dir;

    @Test
    void servicesAndAgentsSharingADirectoryAgreeOnEveryKey() {
        CurveSettings scheduler = settings("scheduler");
        CurveSettings results = settings("results");
        CurveSettings agent = settings("agent");

        assertThat(results.routerKey(null)).as("the results service's key for the scheduler")
                .isEqualTo(scheduler.own().publicKey());
        assertThat(agent.routerKey(null)).isEqualTo(scheduler.own().publicKey());
        assertThat(scheduler.advertisedKeys()).containsEntry("results", results.own().publicKey())
                .containsEntry("control", scheduler.own().publicKey());
        assertThat(scheduler.authorized().roleOf(agent.own().publicKey())).contains(PeerRole.AGENT);
        assertThat(scheduler.authorized().roleOf(results.own().publicKey())).contains(PeerRole.RESULTS);
        assertThat(results.authorized().roleOf(agent.own().publicKey())).contains(PeerRole.AGENT);
        assertThat(results.authorized().roleOf(scheduler.own().publicKey())).as("the scheduler sends study stops")
                .contains(PeerRole.SCHEDULER);
        assertThat(Files.exists(dir.resolve("agent.key"))).isTrue();
    }

    @Test
    void anAgentElsewhereMakesItsKeyFileOnceAndIsLetInWhenItsLineIsAdded() throws IOException {
        CurveSettings scheduler = settings("scheduler");
        Path keyFile = dir.resolve("elsewhere/agent.key");
        Map<String, String> remote = Map.of(CurveSettings.IDENTITY, "agent", CurveSettings.KEY_FILE, keyFile.toString(),
                CurveSettings.SCHEDULER_KEY, scheduler.own().publicKey(),
                CurveSettings.DIR, dir.resolve("nothing-here").toString());
        CurveSettings agent = CurveSettings.from(new MapConfig(remote));
        assertThat(CurveSettings.from(new MapConfig(remote)).own().publicKey()).as("the same file the second time")
                .isEqualTo(agent.own().publicKey());
        assertThat(agent.routerKey(null)).isEqualTo(scheduler.own().publicKey());
        assertThat(scheduler.authorized().roleOf(agent.own().publicKey())).isEmpty();

        AuthorizedKeys.append(CurveKeyring.in(dir).authorizedKeys(), PeerRole.AGENT, agent.own().publicKey(), "host-1");
        // the file is read again when its modification time changes; make sure it does on coarse clocks
        Files.setLastModifiedTime(CurveKeyring.in(dir).authorizedKeys(), FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(scheduler.authorized().roleOf(agent.own().publicKey())).contains(PeerRole.AGENT);
    }

    @Test
    void anInlinePairNeedsBothHalvesAndValidKeys() {
        CurveKeyPair pair = CurveKeyPair.generate();
        assertThatThrownBy(() -> CurveSettings.from(new MapConfig(Map.of(CurveSettings.PUBLIC_KEY, pair.publicKey(),
                CurveSettings.SCHEDULER_KEY, pair.publicKey(), CurveSettings.DIR, dir.toString()))))
                .hasMessageContaining(CurveSettings.SECRET_KEY);
        assertThatThrownBy(() -> CurveSettings.from(new MapConfig(Map.of(CurveSettings.SCHEDULER_KEY, "short",
                CurveSettings.DIR, dir.toString()))))
                .hasMessageContaining(CurveSettings.SCHEDULER_KEY).hasMessageContaining("40");
        assertThat(new CurveKeyPair(pair.publicKey(), pair.secretKey(), Optional.empty()).toString())
                .doesNotContain(pair.secretKey());
    }

    private CurveSettings settings(String identity) {
        return CurveSettings.from(new MapConfig(Map.of(CurveSettings.IDENTITY, identity, CurveSettings.DIR,
                dir.toString())));
    }

    /**
     * Z85 has '$', '{' and '}' among its characters, and SmallRye Config (with Quarkus's interceptors) reads "$${"
     * as an escaped "${": a key given inline (a container's environment) must reach the socket exactly as written.
     * Before, this key arrived 39 characters long and the agent did not start (seen in AgentContainerIT).
     */
    @Test
    void anInlineKeyWithDollarSignsIsTakenAsWrittenNotAsAConfigExpression() {
        CurveKeyPair own = CurveKeyPair.generate();
        String schedulerKey = "0000000$${" + "0".repeat(30);
        io.smallrye.config.SmallRyeConfig config = new io.smallrye.config.SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new io.smallrye.config.PropertiesConfigSource(Map.of(
                        CurveSettings.PUBLIC_KEY, own.publicKey(), CurveSettings.SECRET_KEY, own.secretKey(),
                        CurveSettings.SCHEDULER_KEY, schedulerKey), "inline keys", 500))
                .build();

        CurveSettings settings = CurveSettings.from(config);

        assertThat(settings.routerKey(ChannelSettings.from(new MapConfig(Map.of("channel-name", "run-requests",
                "socket", "dealer", "endpoint", "tcp://127.0.0.1:5555")), true))).isEqualTo(schedulerKey);
    }
}
