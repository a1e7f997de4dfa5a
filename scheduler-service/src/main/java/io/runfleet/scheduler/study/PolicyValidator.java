package io.runfleet.scheduler.study;

import java.time.Duration;

/** Checks a policy section, the study's or a stage's, and fills in what it leaves out. */
final class PolicyValidator {

    static final Policy DEFAULTS = new Policy(Policy.DEFAULT_MAX_PARALLEL, Policy.DEFAULT_RETRIES,
            Policy.DEFAULT_BACKOFF, Policy.DEFAULT_CRASH_LIMIT);

    private final Problems problems;

    PolicyValidator(Problems problems) {
        this.problems = problems;
    }

    /**
     * @param section  where the policy sits: {@code policy} or {@code stages[0].policy}
     * @param inherited the values of fields the section leaves out
     */
    Policy validate(PolicyDocument policy, String section, Policy inherited) {
        if (policy == null) {
            return inherited;
        }
        int maxParallel = policy.maxParallel() == null ? inherited.maxParallel() : policy.maxParallel();
        if (maxParallel < 1) {
            problems.add(section + ".maxParallel", maxParallel + " is too small; give 1 or more runs at once");
        }
        int retries = policy.retries() == null ? inherited.retries() : policy.retries();
        if (retries < 0) {
            problems.add(section + ".retries", retries + " is negative; give 0 (no retry) or more");
        }
        int crashLimit = policy.crashLimit() == null ? inherited.crashLimit() : policy.crashLimit();
        if (crashLimit < 0) {
            problems.add(section + ".crashLimit", crashLimit
                    + " is negative; give 0 (a lost attempt fails the run) or more");
        }
        Duration backoff = inherited.backoff();
        if (policy.backoff() != null) {
            try {
                backoff = DurationText.parse(policy.backoff());
            } catch (IllegalArgumentException e) {
                problems.add(section + ".backoff", e.getMessage());
            }
        }
        return new Policy(maxParallel, retries, backoff, crashLimit);
    }
}
