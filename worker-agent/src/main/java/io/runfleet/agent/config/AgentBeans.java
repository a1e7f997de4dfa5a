package io.runfleet.agent.config;

import io.quarkus.arc.All;
import io.runfleet.agent.execution.RunExecutor;
import io.runfleet.agent.execution.ThreadEnvironment;
import io.runfleet.agent.output.OutputParser;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.agent.plugin.PluginRegistry;
import io.runfleet.agent.plugin.PluginSteps;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Wires the plain execution classes (testable without CDI) into the application. */
public class AgentBeans {

    private static final Logger LOG = Logger.getLogger(AgentBeans.class);

    /** Every {@link OutputParser} bean, so that a new output type is one more bean. */
    @Produces
    @Singleton
    OutputParsers outputParsers(@All List<OutputParser> parsers, AgentConfig config) {
        return new OutputParsers(parsers, config.maxParsedOutputBytes(), config.outputParseTimeout());
    }

    @Produces
    @Singleton
    RunExecutor runExecutor(AgentConfig config, OutputParsers parsers, PluginRegistry plugins) {
        if (config.maxKeptFiles() < 0) {
            throw new IllegalArgumentException("runfleet.agent.max-kept-files is " + config.maxKeptFiles()
                    + "; it must be 0 (list none) or more");
        }
        Path workDir = WorkDirectory.of(config);
        LOG.infof("run directories go below %s (%s)", workDir, WorkDirectory.KEY);
        Map<String, String> threads = ThreadEnvironment.of(config.threadCount());
        if (!threads.isEmpty()) {
            LOG.infof("each run gets %s=%d unless its study sets them (runfleet.agent.threads-per-run)",
                    String.join(", ", ThreadEnvironment.VARIABLES), config.threadCount().getAsInt());
        }
        RunExecutor executor = new RunExecutor(workDir, parsers, config.stderrTailLines(), config.cancelGrace(),
                config.maxKeptFiles(), threads).withPluginSteps(new PluginSteps(plugins));
        executor.workers().configure(config.slotCount(), config.workerIdleTimeout(), config.stderrTailLines());
        return executor;
    }

    /** The agent stops: so do its persistent workers. */
    void stopWorkers(@Disposes RunExecutor executor) {
        executor.workers().close();
    }
}
