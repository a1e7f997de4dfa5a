package io.runfleet.scheduler.study;

import io.runfleet.wire.Pools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads and checks the scheduler's pools file ({@code runfleet.launch.pools-file}): each pool's {@code slurm} section
 * by the rules of a study's {@code launch.slurm}, its problems named {@code pools.NAME.slurm.FIELD}. A file with any
 * problem is refused whole, all problems in one message, so that the scheduler does not start on half a
 * configuration.
 */
public final class PoolsFile {

    /** Pool names a study's own pool takes ({@code study-<id>}): a named pool may not look like one. */
    private static final String RESERVED_PREFIX = "study-";

    private PoolsFile() {
    }

    /** A pools file that cannot be used, with every problem and its fix. */
    public static final class InvalidPoolsFile extends RuntimeException {
        InvalidPoolsFile(String message) {
            super(message);
        }
    }

    /** The pools of {@code file}, by name, each with {@link Launch.Slurm#pool()} set. */
    public static Map<String, Launch.Slurm> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidPoolsFile("cannot read the pools file " + file + " (runfleet.launch.pools-file): " + e
                    + "; check the path and that the scheduler may read it");
        }
        try {
            return parse(text, file.toAbsolutePath().getParent());
        } catch (InvalidStudyException e) {
            throw new InvalidPoolsFile("the pools file " + file + " (runfleet.launch.pools-file) is invalid: "
                    + e.problems().stream().map(problem -> problem.field() + ": " + problem.message())
                    .collect(Collectors.joining("; ")));
        }
    }

    /** @param dir where a relative {@code scriptTemplateFile} is found */
    static Map<String, Launch.Slurm> parse(String text, Path dir) {
        StudyReader.Read<PoolsDocument> read = StudyReader.readPools(text);
        Problems problems = new Problems();
        problems.addAll(read.unknownFields(), read.meantFields());
        Map<String, Launch.Slurm> pools = new LinkedHashMap<>();
        Map<String, PoolsDocument.Pool> given = read.document().pools();
        if (given == null || given.isEmpty()) {
            problems.add("pools", "no pool; write pools: {gpu: {slurm: {partition: gpu, walltime: 2h}}}");
            given = Map.of();
        }
        for (Map.Entry<String, PoolsDocument.Pool> entry : given.entrySet()) {
            String name = entry.getKey();
            String field = "pools." + name;
            String problem = Pools.problem("the pool name", name);
            if (problem != null) {
                problems.add(field, problem);
            } else if (name.startsWith(RESERVED_PREFIX)) {
                problems.add(field, "'" + name + "' looks like a study's own pool (study-<id>); choose another name");
            }
            PoolsDocument.Pool pool = entry.getValue();
            if (pool == null || pool.slurm() == null) {
                problems.add(field + ".slurm", "missing; give the pool's allocations as in a study's launch.slurm,"
                        + " e.g. slurm: {partition: debug, walltime: 1h}");
                continue;
            }
            SlurmLaunchValidator validator = new SlurmLaunchValidator(problems, field + ".slurm",
                    Launch.Slurm.DEFAULT_SYSTEM);
            Launch.Slurm slurm = validator.validate(pool.slurm());
            Optional<String> template = slurm.scriptTemplate();
            if (pool.scriptTemplateFile() != null) {
                if (template.isPresent()) {
                    problems.add(field + ".scriptTemplateFile", "given with slurm.scriptTemplate; give one of them");
                }
                template = templateFile(problems, field + ".scriptTemplateFile", dir, pool.scriptTemplateFile());
                if (slurm.mode() == Launch.Slurm.Mode.ARRAY) {
                    validator.arrayModeLimits(slurm.system(), true);
                }
            }
            pools.put(name, slurm.inPool(name, template));
        }
        problems.throwIfAny();
        return pools;
    }

    private static Optional<String> templateFile(Problems problems, String field, Path dir, String path) {
        Path file = dir == null ? Path.of(path) : dir.resolve(path);
        try {
            String text = Files.readString(file);
            ScriptTemplate.check(problems, field + " (" + file + ")", text);
            return Optional.of(text);
        } catch (IOException e) {
            problems.add(field, "cannot read " + file + ": " + e + "; give a readable file, relative to the pools"
                    + " file or absolute");
            return Optional.empty();
        }
    }

    /** What a study naming the pool is told when the pool is not there: the pools there are. */
    static String configured(List<String> names) {
        return names.isEmpty() ? "this scheduler has no named pools (runfleet.launch.pools-file is not set)"
                : "the pools of this scheduler are " + String.join(", ", names);
    }
}
