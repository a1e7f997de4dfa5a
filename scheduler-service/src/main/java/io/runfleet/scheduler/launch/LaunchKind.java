package io.runfleet.scheduler.launch;

import io.runfleet.scheduler.study.Launch;

/** The {@link Launcher#kind()} that serves a launch section: the section's key. */
final class LaunchKind {

    private LaunchKind() {
    }

    static String of(Launch launch) {
        return launch instanceof Launch.Containers ? "containers" : LocalProcessLauncher.KIND;
    }
}
