package io.runfleet.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SamplerViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void anOpenSamplerShowsItsRunsBudgetAndBestPoint() throws Exception {
        String text = SamplerView.render("s1", json("{'kind':'external','state':'OPEN','inFlight':4,'done':20,"
                + "'failed':1,'cancelled':1,'created':26,'capacity':0,'best':{'runId':'r17','clientPointId':'p17',"
                + "'params':{'x1':3.141592653589793,'x2':2.275},'value':0.39788735772973816,'objective':'f'},"
                + "'budget':{'maxRuns':30,'runsLeft':4,'maxFailures':5,'failuresLeft':4,'maxTime':'PT6H',"
                + "'timeLeftSeconds':3725},'stopReason':null}"));

        assertThat(text.lines().toList()).containsExactly(
                "sampler of study s1: OPEN (external)",
                "runs:    4 in flight, 20 done, 1 failed, 1 cancelled (26 created; room for 0 more now)",
                "budget:  4 of 30 runs left, 4 of 5 failures left, 1h02m of 6h00m left",
                "best:    f = 0.397887 at x1=3.14159, x2=2.275 (point p17, run r17)");
    }

    @Test
    void aStoppedSamplerWithoutResultsSaysWhyAndLeavesOutLimitsItHasNot() throws Exception {
        String text = SamplerView.render("s2", json("{'kind':'external','state':'STOPPED','inFlight':0,'done':0,"
                + "'failed':5,'cancelled':0,'created':5,'capacity':0,'best':null,'budget':{'maxRuns':null,"
                + "'runsLeft':null,'maxFailures':5,'failuresLeft':0,'maxTime':null,'timeLeftSeconds':null},"
                + "'stopReason':'maxFailures reached: 5 runs failed'}"));

        assertThat(text).contains("budget:  0 of 5 failures left\n")
                .contains("best:    none yet\n")
                .endsWith("stopped: maxFailures reached: 5 runs failed\n");
    }

    @Test
    void numbersKeepSixSignificantDigitsAndIntegersAsTheyAre() throws Exception {
        assertThat(SamplerView.number(json("123456789"))).isEqualTo("123456789");
        assertThat(SamplerView.number(json("1234.56789"))).isEqualTo("1234.57");
        assertThat(SamplerView.number(json("0.5"))).isEqualTo("0.5");
        assertThat(SamplerView.number(json("1.5e-7"))).isEqualTo("1.50000e-07");
        assertThat(SamplerView.number(json("'red'"))).isEqualTo("red");
        assertThat(SamplerView.number(json("null"))).isEqualTo("--");
    }
}
