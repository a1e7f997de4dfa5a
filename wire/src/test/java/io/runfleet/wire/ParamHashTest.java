package io.runfleet.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamHashTest {

    @Test
    void keyOrderDoesNotMatter() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", "x");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "x");
        ba.put("a", 1);

        assertThat(ParamHash.of(ab)).isEqualTo(ParamHash.of(ba)).hasSize(40);
    }

    @Test
    void hashIsSha1OfCanonicalJson() {
        assertThat(ParamHash.canonicalJson(Map.of("b", 2.5, "a", "x"))).isEqualTo("{\"a\":\"x\",\"b\":2.5}");
        // printf '{"a":1}' | sha1sum
        assertThat(ParamHash.of(Map.of("a", 1))).isEqualTo("9f89c740ceb46d7418c924a78ac57941d5e96520");
    }

    @Test
    void differentValuesGiveDifferentHashes() {
        assertThat(ParamHash.of(Map.of("a", 1))).isNotEqualTo(ParamHash.of(Map.of("a", 2)));
        assertThat(ParamHash.of(Map.of("a", 1))).isNotEqualTo(ParamHash.of(Map.of("a", "1")));
    }
}
