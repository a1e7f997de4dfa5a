package io.runfleet.scheduler.launch;

import java.util.HashSet;
import java.util.Set;

/**
 * Which launcher kinds a launch round lists. Listing is not free: a container engine's {@code ps} costs about 70 ms of
 * CPU, every round of 2 s, in a scheduler that may never launch a container. Agents of a kind exist only if an earlier
 * process of this scheduler left some (the first round lists every kind), a study of that kind is active (this
 * process starts them), or the last listing found some (those of a study that ended, being stopped). A kind whose
 * listing failed is listed again. Used by the one thread of the launch rounds.
 */
final class ListedKinds {

    private final Set<String> mayHaveAgents = new HashSet<>();
    private boolean firstRound = true;

    /** @param activeKinds the kinds of the studies with a launch section that are active now */
    boolean shouldList(String kind, Set<String> activeKinds) {
        return firstRound || activeKinds.contains(kind) || mayHaveAgents.contains(kind);
    }

    /** The kind was listed and had {@code found} agents, running or not. */
    void listed(String kind, int found, Set<String> activeKinds) {
        if (found > 0 || activeKinds.contains(kind)) {
            mayHaveAgents.add(kind); // a study of the kind may start agents after this listing, or end with them
        } else {
            mayHaveAgents.remove(kind);
        }
    }

    /** The listing failed: what the kind has is unknown, so the next round lists it again. */
    void failed(String kind) {
        mayHaveAgents.add(kind);
    }

    /** Every kind has been listed once, so the agents an earlier process left are known. */
    void roundDone() {
        firstRound = false;
    }
}
