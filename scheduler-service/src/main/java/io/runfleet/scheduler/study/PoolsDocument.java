package io.runfleet.scheduler.study;

import java.util.Map;

/**
 * The pools file as written ({@code runfleet.launch.pools-file}, docs/deploy-slurm.md, "Named pools"):
 * {@code pools: {NAME: {slurm: {...the fields of a study's launch.slurm...}, scriptTemplateFile: PATH}}}.
 */
public record PoolsDocument(Map<String, Pool> pools) {

    /**
     * One pool.
     *
     * @param scriptTemplateFile the pool's batch script template as a file, read at the scheduler's start (relative
     *                           to the pools file); or {@code slurm.scriptTemplate} as text
     */
    public record Pool(LaunchDocument.Slurm slurm, String scriptTemplateFile) {
    }
}
