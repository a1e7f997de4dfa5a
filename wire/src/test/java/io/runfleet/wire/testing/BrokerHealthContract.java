package io.runfleet.wire.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.runfleet.wire.rabbitmq.BrokerHealth;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every service's health answers about the RabbitMQ broker: readiness follows the broker connection and
 * liveness ignores it. Each service's test subclasses it as a {@code @QuarkusTest} whose profile puts the broker
 * behind {@link BrokerProxy}; the test takes the broker away from that application alone (the shared broker keeps
 * running), and gives it back, after which the connector reconnects.
 */
public abstract class BrokerHealthContract {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** An incoming channel of the service: the reason names it while the broker is away. */
    protected abstract String incomingChannel();

    @Test
    void readinessIsDownNamingTheBrokerWhileItIsAwayAndLivenessStaysUp() {
        await().atMost(PATIENCE).until(() -> given().get("/health/ready").statusCode() == 200);
        assertThat(brokerCheck(health("/health/ready", 200))).containsEntry("status", "UP");

        BrokerProxy.proxy().goAway();
        try {
            await().atMost(PATIENCE).until(() -> given().get("/health/ready").statusCode() == 503);
            Map<String, String> broker = brokerCheck(health("/health/ready", 503));
            assertThat(broker).containsEntry("status", "DOWN");
            assertThat(broker.get("reason")).contains(BrokerProxy.address()).contains(incomingChannel());
            assertThat(health("/health/live", 200).getString("status")).as("a broker outage needs no restart")
                    .isEqualTo("UP");
        } finally {
            BrokerProxy.proxy().comeBack();
        }

        await().atMost(PATIENCE).until(() -> given().get("/health/ready").statusCode() == 200);
        assertThat(brokerCheck(health("/health/ready", 200))).containsEntry("status", "UP");
        assertThat(health("/health/live", 200).getString("status")).isEqualTo("UP");
    }

    private static JsonPath health(String path, int status) {
        return given().when().get(path).then().statusCode(status).extract().jsonPath();
    }

    private static Map<String, String> brokerCheck(JsonPath answer) {
        return answer.getMap("checks.find { it.name == '" + BrokerHealth.CHECK + "' }");
    }
}
