package io.runfleet.agent.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Kills a process with every descendant it has, including those started while the kill is under way. */
final class ProcessTree {

    /** Bounds a fork loop that outruns us; each round kills every process it sees. */
    private static final int MAX_ROUNDS = 100;
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long GRACE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private ProcessTree() {
    }

    /**
     * Descendants go first: once the root dies they are re-parented and can no longer be found from
     * it. Rounds repeat until a round finds no process it has not killed already (killed children may
     * linger as zombies until their parent reaps them).
     *
     * @return how many distinct processes were killed, the root included
     */
    static int kill(Process root) {
        Set<Long> killed = new HashSet<>();
        killTree(root, killed);
        root.onExit().join();
        return killed.size();
    }

    /**
     * Asks the whole tree to stop (SIGTERM, so a program may save what it has), then kills (SIGKILL) whatever
     * still runs after {@code grace}: the processes that ignored the request, and any the tree started meanwhile.
     * The tree is listed before the first signal, so children re-parented by their parent's death are still
     * found.
     *
     * @return how many distinct processes were signalled, the root included
     */
    static int terminate(Process root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root.toHandle());
        Set<Long> signalled = new HashSet<>();
        for (ProcessHandle process : tree) {
            process.destroy();
            signalled.add(process.pid());
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (tree.stream().anyMatch(ProcessTree::isRunning) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(GRACE_POLL_NANOS);
        }
        killTree(root, signalled);
        for (ProcessHandle process : tree) {
            if (isRunning(process)) {
                process.destroyForcibly();
            }
        }
        root.onExit().join();
        return signalled.size();
    }

    private static void killTree(Process root, Set<Long> killed) {
        Set<Long> seen = new HashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<ProcessHandle> fresh = root.descendants()
                    .filter(process -> !seen.contains(process.pid()))
                    .toList();
            if (fresh.isEmpty()) {
                break;
            }
            for (ProcessHandle process : fresh) {
                process.destroyForcibly();
                seen.add(process.pid());
                killed.add(process.pid());
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        if (root.isAlive()) {
            root.destroyForcibly();
            killed.add(root.pid());
        }
    }

    /**
     * Alive and not a zombie: a killed child whose parent has not reaped it yet (or never will, under an init
     * that does not reap) has stopped running, which is all that matters here.
     */
    private static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException noProcFileSystem) {
            return process.isAlive();
        }
    }
}
