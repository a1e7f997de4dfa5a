package io.runfleet.scheduler.launch.slurm;

import io.quarkus.runtime.StartupEvent;
import io.runfleet.scheduler.config.LaunchConfig;
import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.study.Launch;
import io.runfleet.scheduler.study.NamedPools;
import io.runfleet.scheduler.study.PoolsFile;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The named pools of {@code runfleet.launch.pools-file} (docs/deploy-slurm.md, "Named pools"), read once at start. A
 * file with a problem stops the scheduler, naming the field and the fix. Each pool that reads well is then put to the
 * cluster with {@code sbatch --test-only}: one the cluster refuses (a partition, account or qos it does not know, more
 * nodes than it has) is refused, with sbatch's error line in the log and in the answer (400) to every study naming it;
 * the other pools serve. A restart reads and tests the pools again.
 */
@ApplicationScoped
public class SlurmPools {

    private static final Logger LOG = Logger.getLogger(SlurmPools.class);

    private final LaunchConfig launchConfig;
    private final SlurmScripts scripts;
    private final SlurmCommands commands;
    private volatile NamedPools pools = NamedPools.none();

    public SlurmPools(LaunchConfig launchConfig, SlurmScripts scripts, SlurmCommands commands) {
        this.launchConfig = launchConfig;
        this.scripts = scripts;
        this.commands = commands;
    }

    /** Before the allocation manager's first round and before the API takes studies. */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (launchConfig.poolsFile().isEmpty()) {
            return;
        }
        Path file = launchConfig.poolsFile().get();
        if (!launchConfig.enabled()) {
            LOG.infof("the pools file %s is not read: launching agents is off (runfleet.launch.enabled=false)", file);
            return;
        }
        pools = tested(PoolsFile.read(file));
        LOG.infof("named pools from %s: %s accepted%s", file, pools.accepted().keySet(),
                pools.refused().isEmpty() ? "" : ", " + pools.refused().keySet() + " refused");
    }

    /** The pools as studies may name them now. */
    public NamedPools pools() {
        return pools;
    }

    private NamedPools tested(Map<String, Launch.Slurm> read) {
        Map<String, Launch.Slurm> accepted = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        read.forEach((name, spec) -> {
            try {
                commands.testOnly(scripts.writeTest(AllocationPool.named(name), spec));
                accepted.put(name, spec);
            } catch (LaunchException e) {
                String why = "sbatch --test-only refused its directives: " + e.getMessage();
                refused.put(name, why);
                LOG.errorf("pool %s refused: %s; fix it in the pools file and restart the scheduler", name, why);
            }
        });
        return new NamedPools(accepted, refused);
    }
}
