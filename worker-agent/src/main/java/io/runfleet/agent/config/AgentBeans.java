package io.runfleet.agent.config;

import io.quarkus.arc.All;
import io.runfleet.agent.execution.RunExecutor;
import io.runfleet.agent.output.OutputParser;
import io.runfleet.agent.output.OutputParsers;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Wires the plain execution classes (testable without CDI) into the application. */
public class AgentBeans {

    /** Every {@link OutputParser} bean, so that a new output type is one more bean. */
    @Produces
    @Singleton
    OutputParsers outputParsers(@All List<OutputParser> parsers) {
        return new OutputParsers(parsers);
    }

    @Produces
    @Singleton
    RunExecutor runExecutor(AgentConfig config, OutputParsers parsers) {
        return new RunExecutor(config.workDir(), parsers, config.stderrTailLines(), config.cancelGrace());
    }
}
