package io.runfleet.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SamplerBestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Deque<Optional<JsonNode>> answers = new ArrayDeque<>();
    private int asked;
    private final SamplerBest best = new SamplerBest(id -> {
        asked++;
        Optional<JsonNode> next = answers.poll();
        if (next == null) {
            throw new IllegalStateException("the scheduler broke off");
        }
        return next;
    });

    private static Optional<JsonNode> sampler(String json) throws Exception {
        return Optional.of(JSON.readTree(json.replace('\'', '"')));
    }

    @Test
    void asksAtMostOnceASecondAndShowsTheBestValue() throws Exception {
        answers.add(sampler("{'kind':'external','state':'OPEN','best':null}"));
        answers.add(sampler("{'kind':'external','state':'OPEN','best':{'value':1.25,'objective':'loss'}}"));

        assertThat(best.text("s1", 10_000)).isEqualTo("  best --");
        assertThat(best.text("s1", 10_250)).isEqualTo("  best --");
        assertThat(best.text("s1", 10_999)).isEqualTo("  best --");
        assertThat(asked).isEqualTo(1);
        assertThat(best.text("s1", 11_000)).isEqualTo("  best loss = 1.25");
        assertThat(asked).isEqualTo(2);
    }

    @Test
    void aStudyWithoutSamplerShowsNothingAndIsNotAskedAgain() {
        answers.add(Optional.empty());

        assertThat(best.text("s1", 0)).isEmpty();
        assertThat(best.text("s1", 5_000)).isEmpty();
        assertThat(asked).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNoSamplerStatusCountsAsNoSampler() throws Exception {
        answers.add(sampler("{'id':'s1','state':'ACTIVE'}"));

        assertThat(best.text("s1", 0)).isEmpty();
        assertThat(best.text("s1", 5_000)).isEmpty();
        assertThat(asked).isEqualTo(1);
    }

    @Test
    void aFailedRequestKeepsTheLastValueAndAsksAgainLater() throws Exception {
        answers.add(sampler("{'kind':'external','best':{'value':2,'objective':'f'}}"));

        assertThat(best.text("s1", 0)).isEqualTo("  best f = 2");
        assertThat(best.text("s1", 1_000)).as("the request fails").isEqualTo("  best f = 2");
        answers.add(sampler("{'kind':'external','best':{'value':1,'objective':'f'}}"));
        assertThat(best.text("s1", 2_000)).isEqualTo("  best f = 1");
    }
}
