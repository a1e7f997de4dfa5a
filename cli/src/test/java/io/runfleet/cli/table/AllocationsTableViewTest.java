package io.runfleet.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AllocationsTableViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode studies(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void listsEachLiveAllocationWithItsPoolAgentsAndDeadline() throws Exception {
        String text = AllocationsTableView.render(studies("[{'studyId':'s1','pool':'study-s1','explanation':'x',"
                + "'allocations':[{'jobId':'41','state':'RUNNING','nodes':1,'agentsRegistered':2,"
                + "'endTime':'2026-12-06T21:10:00Z','reason':'running; 2 agent(s) have taken runs'}]}]"));

        assertThat(text.lines().toList()).hasSize(3);
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("STUDY").contains("DEADLINE").contains("AGENTS");
        assertThat(text.lines().skip(2).findFirst().orElseThrow().split("\\s{2,}")).containsExactly("s1", "41",
                "study-s1", "RUNNING", "1", "2", "2026-12-06T21:10:00Z", "running; 2 agent(s) have taken runs");
    }

    @Test
    void aStudyWithoutAllocationSaysWhyInItsRow() throws Exception {
        String text = AllocationsTableView.render(studies("[{'studyId':'s1','pool':'gpu','allocations':[],"
                + "'explanation':'at maxAllocations (1)'}]"));

        assertThat(text).contains("none").contains("no allocation: at maxAllocations (1)").contains("gpu");
    }

    @Test
    void noStudyIsSaidInWords() throws Exception {
        assertThat(AllocationsTableView.render(studies("[]"))).startsWith("no study has a slurm launch");
    }

    @Test
    void explainNamesTheErrorThePauseAndTheEndedAllocationsWithTheirState() throws Exception {
        String text = AllocationsTableView.explain(studies("[{'studyId':'s1','pool':'study-s1',"
                + "'studyState':'ACTIVE','explanation':'paused after 3 failed submissions','paused':true,"
                + "'consecutiveFailures':3,'backoffUntil':null,'lastError':'sbatch: error: invalid partition "
                + "specified: nope','runsWaiting':4,'slotsWanted':4,'slotsSupplied':0,'runsThatNeverFit':0,"
                + "'allocations':[],'ended':[{'jobId':'40','state':'CANCELLED','endedAt':'2026-12-06T21:00:00Z',"
                + "'reason':'ended CANCELLED; not counted as a failure','runsRequeued':2}]}]"));

        assertThat(text.lines().toList()).containsExactly(
                "study s1 (pool study-s1, ACTIVE): paused after 3 failed submissions",
                "  paused after 3 failures in a row: fix the cause, then `runfleet alloc resume s1`",
                "  runs waiting: 4, slots wanted 4, supplied 0",
                "  last error: sbatch: error: invalid partition specified: nope",
                "  ended allocations (latest last):",
                "    40 CANCELLED at 2026-12-06T21:00:00Z: ended CANCELLED; not counted as a failure (2 runs requeued)");
    }
}
