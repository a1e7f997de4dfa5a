package io.runfleet.agent.process;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Kills a process with every descendant it has, including those started while the kill is under way. */
public final class ProcessTree {

    /**
     * An environment variable every command is started with, its value unique to the execution. Children inherit
     * it, so what a command leaves running after it exits (a background job, a daemon that detached and was
     * re-parented, out of reach of {@link Process#descendants()}) is still found by it ({@link #killLeftovers}).
     */
    public static final String MARKER_VARIABLE = "RUNFLEET_EXECUTION";

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
    public static int kill(Process root) {
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
    public static int terminate(Process root, Duration grace) {
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

    /**
     * Kills (SIGKILL) every process that still carries {@code marker} in its environment: what a command left behind
     * when it ended. Rounds repeat while they find new ones, so a leftover that forks while it is being killed is
     * caught too. Reads {@code /proc/<pid>/environ}, which shows a process's environment as it was started: a process
     * started with an emptied environment ({@code env -i}) is not found. Without /proc (not Linux) it finds nothing.
     * <p>
     * Cost: only processes with a larger pid than the command's are read, since its leftovers were started after it
     * (pids are handed out in increasing order). A scan of every process costs milliseconds on a busy host, more than
     * starting a short command; these few reads cost microseconds. Leftovers started after the pids wrapped around
     * ({@code /proc/sys/kernel/pid_max}) during a long run are not found.
     *
     * @return how many processes were killed
     */
    public static int killLeftovers(long rootPid, String marker) {
        byte[] entry = (MARKER_VARIABLE + "=" + marker).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        Set<Long> killed = new HashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Long> found = laterPids(rootPid).stream()
                    .filter(pid -> pid != self && !killed.contains(pid) && carries(pid, entry))
                    .toList();
            if (found.isEmpty()) {
                break;
            }
            for (long pid : found) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                killed.add(pid);
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        return killed.size();
    }

    /** The pids above {@code rootPid} in /proc; none without /proc. */
    private static List<Long> laterPids(long rootPid) {
        String[] names = new File("/proc").list();
        if (names == null) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>();
        for (String name : names) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                long pid = Long.parseLong(name);
                if (pid > rootPid) {
                    pids.add(pid);
                }
            }
        }
        return pids;
    }

    /** Whether the process's environment holds {@code entry} as one whole NUL-separated entry. */
    private static boolean carries(long pid, byte[] entry) {
        byte[] environment;
        try (InputStream in = new FileInputStream("/proc/" + pid + "/environ")) {
            environment = in.readAllBytes();
        } catch (IOException goneOrAnotherUsers) {
            return false;
        }
        for (int start = 0; start + entry.length <= environment.length; ) {
            int end = start;
            while (end < environment.length && environment[end] != 0) {
                end++;
            }
            if (end - start == entry.length
                    && Arrays.equals(environment, start, end, entry, 0, entry.length)) {
                return true;
            }
            start = end + 1;
        }
        return false;
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
