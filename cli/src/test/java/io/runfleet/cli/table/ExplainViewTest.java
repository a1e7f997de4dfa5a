package io.runfleet.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ExplainViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void aRunShowsItsSummaryReasonsAndAttempts() throws Exception {
        String text = ExplainView.run(json("{'studyId':'s1','runId':'r1','seq':4,'stage':'main','state':'RUNNING',"
                + "'attempt':2,'summary':'running on agent s1-41-0','reasons':['1 attempt(s) preempted'],"
                + "'earlier':{'failed':0,'lost':0,'preempted':1,'drained':0},'current':{'attempt':2,"
                + "'agentId':'s1-41-0','host':'n1','startedAt':'2026-12-06T21:00:00Z','endedAt':null,"
                + "'end':'running','exitCode':null,'reason':null}}"));

        assertThat(text.lines().toList()).containsExactly(
                "run r1 (seq 4, stage main) of study s1: RUNNING, attempt 2",
                "  running on agent s1-41-0",
                "  - 1 attempt(s) preempted",
                "attempts:",
                "  earlier attempts ended: 0 failed, 0 lost, 1 preempted, 0 drained",
                "  attempt 2: running on agent s1-41-0 (host n1), 2026-12-06T21:00:00Z to now");
    }

    @Test
    void aFailedAttemptShowsItsExitCodeAndReason() throws Exception {
        String text = ExplainView.run(json("{'studyId':'s1','runId':'r1','seq':0,'state':'FAILED','attempt':1,"
                + "'summary':'failed','reasons':[],'earlier':{'failed':1},'current':{'attempt':1,'end':'failed',"
                + "'exitCode':3,'reason':'exit code 3: odd'}}"));

        assertThat(text).contains("  earlier attempts ended: 1 failed, 0 lost, 0 preempted, 0 drained")
                .contains("  attempt 1: failed, exit code 3: exit code 3: odd");
    }

    @Test
    void aRunNeverDispatchedHasNoAttempt() throws Exception {
        String text = ExplainView.run(json("{'studyId':'s1','runId':'r1','seq':0,'state':'PENDING','attempt':0,"
                + "'summary':'waits','reasons':[],'earlier':{},'current':null}"));

        assertThat(text).contains("  none yet: the run was never dispatched");
    }

    @Test
    void aStudyListsItsBlockersOrSaysThereIsNone() throws Exception {
        assertThat(ExplainView.study(json("{'summary':'study s1 ACTIVE: 1 of 4 runs ended','blockers':["
                + "'3 runs wait for the concurrency limit']}")).lines().toList())
                .containsExactly("study s1 ACTIVE: 1 of 4 runs ended", "  - 3 runs wait for the concurrency limit");
        assertThat(ExplainView.study(json("{'summary':'done','blockers':[]}"))).contains("nothing holds it back");
    }
}
