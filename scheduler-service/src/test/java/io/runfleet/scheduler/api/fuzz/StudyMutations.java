package io.runfleet.scheduler.api.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Every kind of {@link StudyMutation}, each with its own share of the tries. */
final class StudyMutations {

    private StudyMutations() {
    }

    static Arbitrary<StudyMutation> any() {
        Arbitrary<Integer> selector = Arbitraries.integers().greaterOrEqual(0);
        return Arbitraries.oneOf(
                selector.map(StudyMutation.RemoveKey::new),
                selector.flatMap(s -> StudyValues.any().map(v -> new StudyMutation.ReplaceValue(s, v))),
                selector.flatMap(s -> StudyValues.keys().flatMap(k -> StudyValues.scalars()
                        .map(v -> new StudyMutation.AddKey(s, k, v)))),
                selector.flatMap(s -> Arbitraries.integers().between(200, 5_000).flatMap(depth -> Arbitraries
                        .of(true, false).map(mappings -> new StudyMutation.DeepNesting(s, depth, mappings)))),
                Arbitraries.of("name", "parameters", "template", "policy", "stages").flatMap(key -> StudyValues.any()
                        .map(v -> new StudyMutation.DuplicateKey(key, v))),
                selector.flatMap(s -> Arbitraries.of(true, false).map(yaml -> new StudyMutation.Truncate(s, yaml))),
                selector.flatMap(p -> Arbitraries.of((byte) 0xC0, (byte) 0xFF, (byte) 0x80, (byte) 0xED, (byte) 0,
                        (byte) '\t', (byte) ':', (byte) '&', (byte) '*', (byte) '!', (byte) '{')
                        .map(b -> new StudyMutation.OverwriteByte(p, b))),
                Arbitraries.just(new StudyMutation.OtherFormat()));
    }
}
