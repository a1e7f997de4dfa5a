package io.runfleet.scheduler.launch;

import io.runfleet.scheduler.study.Launch;

/** The {@link Launcher#kind()} that serves a launch section: the section's key. */
final class LaunchKind {

    /** Served by the allocation manager rather than a {@link Launcher}: agents come in Slurm allocations. */
    static final String SLURM = "slurm";

    private LaunchKind() {
    }

    static String of(Launch launch) {
        if (launch instanceof Launch.Slurm) {
            return SLURM;
        }
        return launch instanceof Launch.Containers ? "containers" : LocalProcessLauncher.KIND;
    }
}
