package io.runfleet.scheduler.launch;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which launcher kinds a launch round lists. Listing is not free: a container engine's {@code ps} costs about 70 ms of
 * CPU, every round of 2 s, in a scheduler that may never launch a container. Agents of a kind exist only if an earlier
 * process of this scheduler left some (every kind is listed until its first listing), a study of that kind is active (this
 * process starts them), or the last listing found some (those of a study that ended, being stopped). A kind whose
 * listing failed is listed again: at once while a study of the kind is active (it waits for its agents), else after a
 * number of rounds that doubles with each failure in a row, up to {@link #MAX_ROUNDS_BETWEEN_RETRIES}. A host with a
 * container command but no engine running (a docker CLI without its daemon) is so asked about once a few minutes, not
 * every round. Used by the one thread of the launch rounds.
 */
final class ListedKinds {

    /** The longest wait between listings of a failing kind: 128 rounds of 2 s are about four minutes. */
    static final int MAX_ROUNDS_BETWEEN_RETRIES = 128;

    /** Every kind starts here: until its first listing, what an earlier process left is unknown. */
    private final Set<String> mayHaveAgents;
    /** Listings that failed in a row, by kind. */
    private final Map<String, Integer> failures = new HashMap<>();
    /** Rounds a failing kind still skips before it is listed again, by kind. */
    private final Map<String, Integer> roundsToSkip = new HashMap<>();

    ListedKinds(Set<String> kinds) {
        this.mayHaveAgents = new HashSet<>(kinds);
    }

    /**
     * Asked once per kind and round.
     *
     * @param activeKinds the kinds of the studies with a launch section that are active now
     */
    boolean shouldList(String kind, Set<String> activeKinds) {
        if (activeKinds.contains(kind)) {
            return true;
        }
        if (!mayHaveAgents.contains(kind)) {
            return false;
        }
        int skip = roundsToSkip.getOrDefault(kind, 0);
        if (skip > 0) {
            roundsToSkip.put(kind, skip - 1);
            return false;
        }
        return true;
    }

    /** The kind was listed and had {@code found} agents, running or not. */
    void listed(String kind, int found, Set<String> activeKinds) {
        failures.remove(kind);
        roundsToSkip.remove(kind);
        if (found > 0 || activeKinds.contains(kind)) {
            mayHaveAgents.add(kind); // a study of the kind may start agents after this listing, or end with them
        } else {
            mayHaveAgents.remove(kind);
        }
    }

    /**
     * The listing failed: what the kind has is unknown, so it is listed again, later each time it fails again.
     *
     * @return the failures in a row, this one included
     */
    int failed(String kind) {
        mayHaveAgents.add(kind);
        int inARow = failures.merge(kind, 1, Integer::sum);
        roundsToSkip.put(kind, roundsBetweenRetries(inARow) - 1);
        return inARow;
    }

    /** Rounds from a failed listing to the next: 1, 2, 4, ... up to the maximum. */
    static int roundsBetweenRetries(int failuresInARow) {
        return Math.min(1 << Math.min(failuresInARow - 1, 30), MAX_ROUNDS_BETWEEN_RETRIES);
    }

    /** Whether a failure is worth a warning: the first few, then one in every 16 (a missing engine stays missing). */
    static boolean worthWarning(int failuresInARow) {
        return failuresInARow <= 3 || failuresInARow % 16 == 0;
    }
}
