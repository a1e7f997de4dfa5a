package io.runfleet.cli.launch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for the worker agent's jar in {@link AgentScriptHandoverTest}: prints its pid and the scheduler address
 * it was given, then exits with the code read from its standard input.
 */
public final class FakeAgent {

    private FakeAgent() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(ProcessHandle.current().pid() + " " + System.getProperty("runfleet.agent.connect"));
        System.out.flush();
        String code = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.exit(Integer.parseInt(code.strip()));
    }
}
