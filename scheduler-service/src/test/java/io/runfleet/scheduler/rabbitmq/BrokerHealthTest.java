package io.runfleet.scheduler.rabbitmq;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.testing.BrokerProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the RabbitMQ transport, readiness follows the broker connection and liveness ignores it: the broker is
 * reached through a proxy the test cuts (the shared broker itself keeps running), so this application alone loses
 * it, retries, and reconnects once the proxy lets it through again.
 */
@QuarkusTest
@TestProfile(BrokerHealthTest.BrokerBehindProxy.class)
class BrokerHealthTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The module's RabbitMQ profile, with the broker behind {@link BrokerProxy}. */
    public static class BrokerBehindProxy extends RabbitMqProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            List<TestResourceEntry> resources = new ArrayList<>(super.testResources());
            resources.add(new TestResourceEntry(BrokerProxy.class));
            return resources;
        }
    }

    private static JsonPath health(String path, int status) {
        return given().when().get(path).then().statusCode(status).extract().jsonPath();
    }

    @Test
    void readinessIsDownNamingTheBrokerWhileItIsAwayAndLivenessStaysUp() {
        await().atMost(PATIENCE).until(() -> given().get("/health/ready").statusCode() == 200);
        assertThat(brokerCheck(health("/health/ready", 200))).containsEntry("status", "UP");

        BrokerProxy.proxy().goAway();
        try {
            await().atMost(PATIENCE).until(() -> given().get("/health/ready").statusCode() == 503);
            Map<String, String> broker = brokerCheck(health("/health/ready", 503));
            assertThat(broker).containsEntry("status", "DOWN");
            assertThat(broker.get("reason")).contains(BrokerProxy.address()).contains("agent-reports");
            assertThat(health("/health/live", 200).getString("status")).as("a broker outage needs no restart")
                    .isEqualTo("UP");
        } finally {
            BrokerProxy.proxy().comeBack();
        }

        await().atMost(PATIENCE).until(() -> given().get("/health/ready").statusCode() == 200);
        assertThat(brokerCheck(health("/health/ready", 200))).containsEntry("status", "UP");
        assertThat(health("/health/live", 200).getString("status")).isEqualTo("UP");
    }

    private static Map<String, String> brokerCheck(JsonPath answer) {
        return answer.getMap("checks.find { it.name == 'message broker' }");
    }
}
