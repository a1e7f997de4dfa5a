package io.runfleet.scheduler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.dispatch.Canceller;
import io.runfleet.scheduler.dispatch.SchedulerLoop;
import io.runfleet.scheduler.persistence.RunEntity;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.StudyEntity;
import io.runfleet.scheduler.persistence.StudyQueries;
import io.runfleet.scheduler.persistence.StudyWriter;
import io.runfleet.scheduler.study.StudyDocument;
import io.runfleet.scheduler.study.StudyReader;
import io.runfleet.scheduler.study.StudyValidator;
import io.runfleet.scheduler.study.ValidatedStudy;
import io.runfleet.wire.WireCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/** What the REST API does with studies: submit, summarise, list runs, cancel. */
@ApplicationScoped
public class StudyService {

    private static final Logger LOG = Logger.getLogger(StudyService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() { };

    private final SchedulerConfig config;
    private final StudyWriter writer;
    private final StudyQueries queries;
    private final SchedulerLoop loop;
    private final Canceller canceller;

    public StudyService(SchedulerConfig config, StudyWriter writer, StudyQueries queries, SchedulerLoop loop,
                        Canceller canceller) {
        this.config = config;
        this.writer = writer;
        this.queries = queries;
        this.loop = loop;
        this.canceller = canceller;
    }

    public SubmittedStudy submit(byte[] body, boolean yaml) {
        String document = new String(body, StandardCharsets.UTF_8);
        StudyDocument parsed = StudyReader.read(document, yaml);
        ValidatedStudy study = new StudyValidator(config.maxRunsPerStudy(), config.maxTemplateBytes(),
                config.readTemplateDirectories()).validate(parsed);
        String id = newStudyId();
        long started = System.nanoTime();
        writer.insert(id, study, document, sha256(body), Instant.now());
        LOG.infof("Study(id=%s, name=%s) stored with %d runs in %d ms", id, study.name(), study.runCount(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        loop.wake();
        return new SubmittedStudy(id, study.name(), "ACTIVE", study.runCount());
    }

    public StudySummary summary(String id) {
        StudyEntity study = queries.study(id).orElseThrow(() -> ApiException.notFound(id));
        return summarise(study, queries.counts(List.of(id)).get(id));
    }

    public List<StudySummary> summaries() {
        List<StudyEntity> studies = queries.studies();
        Map<String, Map<RunState, Long>> counts = queries.counts(studies.stream().map(s -> s.id).toList());
        return studies.stream().map(study -> summarise(study, counts.get(study.id))).toList();
    }

    public List<RunView> runs(String id, Optional<RunState> state, long afterSeq, int limit) {
        queries.study(id).orElseThrow(() -> ApiException.notFound(id));
        return queries.runs(id, state, afterSeq, limit).stream().map(StudyService::view).toList();
    }

    public StudySummary cancel(String id) {
        queries.study(id).orElseThrow(() -> ApiException.notFound(id));
        try {
            loop.submit((connection, now) -> canceller.cancel(connection, id, now)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while cancelling study '" + id + "'; try again");
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, "cannot cancel study '" + id + "' right now (" + e.getMessage()
                    + "); this is transient, try again");
        }
        return summary(id);
    }

    private static StudySummary summarise(StudyEntity study, Map<RunState, Long> counts) {
        Map<String, Long> byName = new LinkedHashMap<>();
        counts.forEach((state, count) -> byName.put(state.name(), count));
        return new StudySummary(study.id, study.name, study.state.name(), study.submittedAt, study.completedAt,
                study.totalRuns, byName);
    }

    private static RunView view(RunEntity run) {
        Map<String, Object> params;
        try {
            params = WireCodec.mapper().readValue(run.params, PARAMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run " + run.id + " has unreadable parameters", e);
        }
        return new RunView(run.id, run.seq, run.state.name(), run.attempt, params, run.paramHash, run.exitCode,
                run.error, run.agentId, run.host, run.startedAt, run.endedAt);
    }

    /** Twelve lower-case hex digits: short enough to type, random enough not to collide in practice. */
    private static String newStudyId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
