package io.runfleet.scheduler.launch;

import java.util.HashSet;
import java.util.Set;

/**
 * Which launcher kinds a launch round lists. Listing is not free: a container engine's {@code ps} costs about 70 ms of
 * CPU, every round of 2 s, in a scheduler that may never launch a container. Agents of a kind exist only if an earlier
 * process of this scheduler left some (every kind is listed until its first listing), a study of that kind is active (this
 * process starts them), or the last listing found some (those of a study that ended, being stopped). A kind whose
 * listing failed is listed again. Used by the one thread of the launch rounds.
 */
final class ListedKinds {

    /** Every kind starts here: until its first listing, what an earlier process left is unknown. */
    private final Set<String> mayHaveAgents;

    ListedKinds(Set<String> kinds) {
        this.mayHaveAgents = new HashSet<>(kinds);
    }

    /** @param activeKinds the kinds of the studies with a launch section that are active now */
    boolean shouldList(String kind, Set<String> activeKinds) {
        return activeKinds.contains(kind) || mayHaveAgents.contains(kind);
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
}
