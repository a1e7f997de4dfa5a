package io.runfleet.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-1 over the canonical JSON of a parameter set (keys sorted, no spaces), as psweep's
 * {@code _pset_hash}: the same values give the same hash on every machine and in every study, so
 * repeated runs of one parameter set are linked by it.
 */
public final class ParamHash {

    private ParamHash() {
    }

    public static String of(Map<String, Object> params) {
        try {
            byte[] canonical = WireCodec.mapper().writeValueAsBytes(new TreeMap<>(params));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash parameters " + params, e);
        }
    }

    static String canonicalJson(Map<String, Object> params) {
        try {
            return new String(WireCodec.mapper().writeValueAsBytes(new TreeMap<>(params)), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
