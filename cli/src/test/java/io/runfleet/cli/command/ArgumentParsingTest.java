package io.runfleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.Main;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.wire.AgentJvmOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class ArgumentParsingTest {

    private final CommandLine commandLine = Main.commandLine();

    private <T> T parse(Class<T> type, String... args) {
        ParseResult result = commandLine.parseArgs(args);
        return type.cast(result.subcommand().commandSpec().userObject());
    }

    private RunfleetCommand root() {
        return (RunfleetCommand) commandLine.getCommandSpec().userObject();
    }

    @Test
    void globalServiceUrlsDefaultAndMayComeBeforeOrAfterTheCommand() {
        parse(StatusCommand.class, "status");
        assertThat(root().schedulerUrl()).isEqualTo(URI.create(
                System.getenv().getOrDefault("RUNFLEET_SCHEDULER_URL", "http://localhost:8080")));
        assertThat(root().resultsUrl()).isEqualTo(URI.create(
                System.getenv().getOrDefault("RUNFLEET_RESULTS_URL", "http://localhost:8081")));

        StatusCommand status = parse(StatusCommand.class, "--scheduler", "http://sched:9000", "status", "abc123");
        assertThat(status.studyId).isEqualTo("abc123");
        assertThat(root().schedulerUrl()).isEqualTo(URI.create("http://sched:9000"));

        CommandLine fresh = Main.commandLine();
        fresh.parseArgs("results", "abc", "--results", "http://res:9001");
        assertThat(((RunfleetCommand) fresh.getCommandSpec().userObject()).resultsUrl())
                .isEqualTo(URI.create("http://res:9001"));
    }

    @Test
    void submit() {
        SubmitCommand submit = parse(SubmitCommand.class, "submit", "examples/heat/study.yaml", "--watch");
        assertThat(submit.file).isEqualTo(Path.of("examples/heat/study.yaml"));
        assertThat(submit.watch).isTrue();
        assertThat(parse(SubmitCommand.class, "submit", "s.yaml").watch).isFalse();
    }

    @Test
    void statusWithAndWithoutId() {
        assertThat(parse(StatusCommand.class, "status").studyId).isNull();
        assertThat(parse(StatusCommand.class, "status", "a1").studyId).isEqualTo("a1");
    }

    @Test
    void resultsFormatAndOutput() {
        ResultsCommand results = parse(ResultsCommand.class, "results", "a1", "--format", "json", "-o", "out.json");
        assertThat(results.studyId).isEqualTo("a1");
        assertThat(results.format).isEqualTo(ResultsCommand.Format.json);
        assertThat(results.output).isEqualTo(Path.of("out.json"));
        assertThat(parse(ResultsCommand.class, "results", "a1").format).isNull();
        assertThatThrownBy(() -> commandLine.parseArgs("results", "a1", "--format", "xml"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("csv, json, table");
    }

    @Test
    void cancel() {
        assertThat(parse(CancelCommand.class, "cancel", "a1").studyId).isEqualTo("a1");
        assertThat(parse(CancelCommand.class, "cancel", "a1").runId).isNull();
        CancelCommand oneRun = parse(CancelCommand.class, "cancel", "a1", "--run", "7f3a-01");
        assertThat(oneRun.studyId).isEqualTo("a1");
        assertThat(oneRun.runId).isEqualTo("7f3a-01");
    }

    @Test
    void agentBuildsTheWorkerCommandLine() {
        AgentCommand agent = parse(AgentCommand.class, "agent", "--connect", "tcp://login:5555", "--slots", "4",
                "--work-dir", "/scratch/w", "--idle-timeout", "5m", "--id", "node7");
        assertThat(agent.idleTimeout).isEqualTo(Duration.ofMinutes(5));
        assertThat(agent.drainTimeout).isEqualTo(Duration.ofSeconds(30));

        List<String> command = agent.command(Path.of("/opt/runfleet/agent.jar"));

        assertThat(command.get(0)).endsWith("java");
        assertThat(command).containsSequence(AgentJvmOptions.OPTIONS).contains(
                "-Djdk.lang.Process.launchMechanism=VFORK",
                "-Drunfleet.agent.connect=tcp://login:5555", "-Drunfleet.agent.slots=4",
                "-Drunfleet.agent.work-dir=/scratch/w", "-Drunfleet.agent.idle-timeout=PT5M",
                "-Drunfleet.agent.drain-timeout=PT30S", "-Drunfleet.agent.id=node7");
        assertThat(command.subList(command.size() - 2, command.size())).containsExactly("-jar", "/opt/runfleet/agent.jar");
    }

    @Test
    void agentOfAPoolPassesItsPool() {
        AgentCommand agent = parse(AgentCommand.class, "agent", "--connect", "tcp://h:1", "--slots", "1", "--pool",
                "study-s7");

        assertThat(agent.command(Path.of("a.jar"))).contains("-Drunfleet.agent.pool=study-s7");
    }

    @Test
    void agentRefusesBadAddressesAndSlotCountsNamingTheOption() {
        AgentCommand badAddress = parse(AgentCommand.class, "agent", "--connect", "login:5555", "--slots", "2");
        assertThatThrownBy(() -> badAddress.command(Path.of("a.jar")))
                .isInstanceOf(CliException.class).hasMessageStartingWith("--connect: ").hasMessageContaining("tcp://HOST:PORT");
        AgentCommand noSlots = parse(AgentCommand.class, "agent", "--connect", "tcp://h:1", "--slots", "0");
        assertThatThrownBy(() -> noSlots.command(Path.of("a.jar"))).hasMessageStartingWith("--slots: ");
        assertThatThrownBy(() -> commandLine.parseArgs("agent", "--connect", "tcp://h:1", "--slots", "2", "--idle-timeout", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("500ms, 30s, 5m");
        AgentCommand badPool = parse(AgentCommand.class, "agent", "--connect", "tcp://h:1", "--slots", "2", "--pool",
                "study 7");
        assertThatThrownBy(() -> badPool.command(Path.of("a.jar"))).isInstanceOf(CliException.class)
                .hasMessageStartingWith("--pool is 'study 7'").hasMessageContaining("letters, digits");
        AgentCommand noAddress = parse(AgentCommand.class, "agent", "--slots", "2");
        noAddress.environment = Map.of();
        assertThatThrownBy(() -> noAddress.command(Path.of("a.jar"))).isInstanceOf(CliException.class)
                .hasMessageStartingWith("--connect: the zeromq transport needs").hasMessageContaining("--transport rabbitmq");
    }

    @Test
    void aRabbitMqAgentNeedsNoAddress() {
        AgentCommand byOption = parse(AgentCommand.class, "agent", "--transport", "rabbitmq", "--slots", "2");
        byOption.environment = Map.of();
        assertThat(byOption.command(Path.of("a.jar"))).contains("-Dquarkus.profile=rabbitmq", "-Drunfleet.agent.slots=2")
                .noneMatch(argument -> argument.contains("runfleet.agent.connect"));

        AgentCommand byProfile = parse(AgentCommand.class, "agent", "--slots", "2");
        byProfile.environment = Map.of("QUARKUS_PROFILE", "prod, rabbitmq");
        assertThat(byProfile.command(Path.of("a.jar")))
                .noneMatch(argument -> argument.contains("runfleet.agent.connect") || argument.contains("quarkus.profile"));

        AgentCommand both = parse(AgentCommand.class, "agent", "--transport", "rabbitmq", "--connect", "tcp://h:1",
                "--slots", "2");
        assertThatThrownBy(() -> both.command(Path.of("a.jar"))).isInstanceOf(CliException.class)
                .hasMessageStartingWith("--connect: the rabbitmq transport reaches the services through the broker");
    }

    @Test
    void demoDefaultsAndOptions() {
        DemoCommand demo = parse(DemoCommand.class, "demo");
        assertThat(demo.dataDir).isEqualTo(Path.of("runfleet-data"));
        assertThat(demo.agents).isEqualTo(2);
        assertThat(demo.slots).isEqualTo(2);
        assertThat(demo.startTimeout).isEqualTo(Duration.ofSeconds(120));

        demo = parse(DemoCommand.class, "demo", "--data-dir", "/tmp/d", "--agents", "3", "--slots", "1");
        assertThat(demo.dataDir).isEqualTo(Path.of("/tmp/d"));
        assertThat(demo.agents).isEqualTo(3);
        assertThat(demo.slots).isEqualTo(1);
        assertThat(DemoCommand.csvNameFor("heat-rod")).isEqualTo("heat-results.csv");
    }

    @Test
    void usageErrorsExitWith64AndHelpListsEveryCommand() {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("submit")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("submit", "status", "results", "cancel", "agent", "demo");
    }

    @Test
    void anUnknownCommandIsNamedWithTheListOfCommands() {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("frobnicate")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).startsWith("runfleet: unknown command 'frobnicate'; the commands are: ")
                .contains("submit", "status", "results", "cancel", "runs").doesNotContain("Usage:");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownRunStateIsAUsageErrorNamingTheStates() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("--scheduler", "http://127.0.0.1:1", "runs", "s1", "--state", "BOGUS"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--state: 'BOGUS' is not a run state; give one of PENDING, DISPATCHED, "
                + "RUNNING, RETRYING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED");
    }

    @Test
    void badStudyIdIsRefusedBeforeAnyRequest() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("--scheduler", "http://127.0.0.1:1", "status", "../etc")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("ID: '../etc' is not a study id");
    }
}
