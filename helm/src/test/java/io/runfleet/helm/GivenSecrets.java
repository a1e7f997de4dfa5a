package io.runfleet.helm;

import io.runfleet.wire.security.CurveKeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** Secret values handed to the chart in values: real CurveZMQ pairs and fresh tokens, different in every run. */
record GivenSecrets(CurveKeyPair scheduler, CurveKeyPair results, CurveKeyPair agent, CurveKeyPair consumer,
        String adminToken, String readToken, String databasePassword) {

    static GivenSecrets fresh() {
        return new GivenSecrets(CurveKeyPair.generate(), CurveKeyPair.generate(), CurveKeyPair.generate(),
                CurveKeyPair.generate(), token(), token(), token());
    }

    private static String token() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    String tokensFile() {
        return "read read " + readToken + "\n";
    }

    String authorizedKeys() {
        return "consumer " + consumer.publicKey() + " dashboard\n";
    }

    /** Every value that must appear in no rendered manifest but the chart's own Secrets. */
    List<String> values() {
        return List.of(scheduler.publicKey(), scheduler.secretKey(), results.publicKey(), results.secretKey(),
                agent.publicKey(), agent.secretKey(), consumer.publicKey(), adminToken, readToken, databasePassword);
    }

    /** Values YAML giving all of them (single quotes: Z85 has no quote but '$', '{', ':' and '#'). */
    String valuesYaml() {
        return """
                auth:
                  adminToken: '%s'
                  tokensFile: '%s'
                curve:
                  scheduler: {publicKey: '%s', secretKey: '%s'}
                  results: {publicKey: '%s', secretKey: '%s'}
                  agent: {publicKey: '%s', secretKey: '%s'}
                  authorizedKeys: '%s'
                postgresql:
                  host: postgres.databases.svc
                  auth:
                    password: '%s'
                """.formatted(adminToken, tokensFile().strip(), scheduler.publicKey(), scheduler.secretKey(),
                results.publicKey(), results.secretKey(), agent.publicKey(), agent.secretKey(),
                authorizedKeys().strip(), databasePassword);
    }
}
