package io.runfleet.results.store;

import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.RunResult;

/**
 * Checks what the codec cannot: values that would not fit the attempt table. Identifiers (ids, agent, host) are
 * checked where the message is decoded, against the wire's one limit ({@link io.runfleet.wire.Identifiers}); what
 * is left are the columns of this table alone. A result refused here is terminal (resending the same bytes cannot
 * help), so it is nacked before it can fail a whole batch.
 */
public final class ResultValidator {

    static final int MAX_HASH_LENGTH = 64;
    static final int MAX_STAGE_LENGTH = 200;
    /** The column's width (attempt.client_point_id). */
    static final int MAX_CLIENT_POINT_ID_LENGTH = 255;

    private ResultValidator() {
    }

    /** @throws MalformedMessageException naming the field and what it must be */
    public static void check(RunResult result) {
        requireLength("paramHash", result.paramHash(), MAX_HASH_LENGTH);
        requireLength("stage", result.stage(), MAX_STAGE_LENGTH);
        if (result.sampler() != null) {
            requireLength("sampler.clientPointId", result.sampler().clientPointId(), MAX_CLIENT_POINT_ID_LENGTH);
        }
        if (result.attempt() < 1) {
            throw new MalformedMessageException(result.ref() + ": field 'attempt' is " + result.attempt()
                    + "; attempts are numbered from 1");
        }
    }

    private static void requireLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new MalformedMessageException("RunResult field '" + field + "' has " + value.length()
                    + " characters; at most " + max + " are stored, shorten it");
        }
    }
}
