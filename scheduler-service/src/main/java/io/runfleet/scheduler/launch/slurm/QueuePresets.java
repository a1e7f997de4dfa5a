package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.study.InvalidStudyException;
import io.runfleet.scheduler.study.Launch;
import io.runfleet.scheduler.study.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The queue system presets this scheduler knows: the built-in {@code slurm}, {@code pbs} and {@code pbspro}, and the
 * custom ones of {@code runfleet.launch.queue-systems.*}; and {@code auto}, detected once and logged with its reason.
 */
@ApplicationScoped
public class QueuePresets {

    /** The name that asks for detection instead of a preset. */
    public static final String AUTO = "auto";
    private static final Logger LOG = Logger.getLogger(QueuePresets.class);
    private static final long PROBE_SECONDS = 10;

    private final Map<String, QueuePreset> presets = new LinkedHashMap<>();
    private volatile QueueDetection.Detected detected;

    public QueuePresets(QueueSystemsConfig config) {
        for (QueuePreset builtIn : List.of(QueuePreset.SLURM, QueuePreset.PBS, QueuePreset.PBSPRO)) {
            presets.put(builtIn.name(), builtIn);
        }
        config.presets().forEach((name, custom) -> presets.put(name, CustomPreset.of(name, custom, presets)));
    }

    /** The names a study may give as {@code system}, {@code auto} included. */
    public List<String> names() {
        List<String> names = new ArrayList<>(presets.keySet());
        names.add(AUTO);
        return names;
    }

    /**
     * The preset of a study's launch section; {@code auto} detected at the first use.
     *
     * @throws LaunchException for a system no longer configured (the study was accepted before a restart without it)
     */
    QueuePreset of(Launch.Slurm spec) throws LaunchException {
        if (AUTO.equals(spec.system())) {
            return detected().preset();
        }
        QueuePreset preset = presets.get(spec.system());
        if (preset == null) {
            throw new LaunchException("queue system '" + spec.system() + "' (launch.slurm.system) is not configured"
                    + " on this scheduler; known: " + String.join(", ", names()) + "; configure it under"
                    + " runfleet.launch.queue-systems." + spec.system());
        }
        return preset;
    }

    /** The system in use for the study, in one line: its name, and for {@code auto} what was chosen and why. */
    String describe(Launch.Slurm spec) {
        return AUTO.equals(spec.system()) ? detected().describe() : spec.system();
    }

    /**
     * Refuses a study whose launch section names a queue system this scheduler does not know (400), naming the field
     * by the key the study used ({@code launch.slurm.system} or {@code launch.pbs.system}).
     */
    public void check(Optional<Launch> launch, boolean writtenAsPbs) {
        if (launch.orElse(null) instanceof Launch.Slurm spec && !names().contains(spec.system())) {
            throw new InvalidStudyException(List.of(new Problem((writtenAsPbs ? "launch.pbs" : "launch.slurm")
                    + ".system", "'" + spec.system() + "' is not a queue system this scheduler knows; give one of "
                    + String.join(", ", names()) + ", or ask the operator to configure it under"
                    + " runfleet.launch.queue-systems.<name>")));
        }
    }

    private QueueDetection.Detected detected() {
        if (detected == null) {
            synchronized (this) {
                if (detected == null) {
                    detected = QueueDetection.detect(List.copyOf(presets.values()), System.getenv(),
                            QueuePresets::answers);
                    LOG.infof("queue system for launch sections with system: auto: %s", detected.describe());
                }
            }
        }
        return detected;
    }

    /** Whether a probe command exits 0 within {@link #PROBE_SECONDS}. */
    private static boolean answers(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
