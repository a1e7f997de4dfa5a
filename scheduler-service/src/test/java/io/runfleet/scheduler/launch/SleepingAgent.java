package io.runfleet.scheduler.launch;

/**
 * Stands in for the worker agent's jar in {@link LocalProcessLauncherTest}: runs until stopped. With
 * {@code -Dtest.ignore-sigterm-ms=N} it takes N ms to stop after SIGTERM, as an agent draining its runs does.
 */
public final class SleepingAgent {

    private SleepingAgent() {
    }

    public static void main(String[] args) throws InterruptedException {
        long drain = Long.getLong("test.ignore-sigterm-ms", 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(drain);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println("agent " + System.getProperty("runfleet.agent.id") + " ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
