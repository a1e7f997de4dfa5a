package io.runfleet.results.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The order of a study's output columns, the same whichever rows a table holds and in whatever order they come. An
 * agent lists a run's outputs in the order the study declares them (its outputs in turn; a JSON file's fields as
 * the file writes them, a pattern's groups as the pattern names them), so each row tells which output comes before
 * which. The columns follow those precedences; where no row tells (outputs never seen together), or rows disagree
 * (a program that writes its JSON fields in a different order each run), they go by name. Taking columns in order
 * of first appearance instead made the order depend on which run came first: a run whose JSON file was missing
 * put its regex output first.
 */
final class OutputColumnOrder {

    private final Set<String> names = new LinkedHashSet<>();
    /** name -> the names some row lists right after it. */
    private final Map<String, Set<String>> followers = new HashMap<>();

    /** One row's output columns, in the row's order. */
    void add(List<String> row) {
        names.addAll(row);
        for (int i = 1; i < row.size(); i++) {
            followers.computeIfAbsent(row.get(i - 1), any -> new TreeSet<>()).add(row.get(i));
        }
    }

    /**
     * A topological order of the precedences, the least name first among those free to go; on a cycle the least
     * name of those left breaks it.
     */
    List<String> ordered() {
        Map<String, Integer> before = new HashMap<>();
        names.forEach(name -> before.put(name, 0));
        followers.forEach((name, next) -> next.forEach(follower -> before.merge(follower, 1, Integer::sum)));
        TreeSet<String> left = new TreeSet<>(names);
        List<String> order = new ArrayList<>(names.size());
        while (!left.isEmpty()) {
            String next = left.stream().filter(name -> before.get(name) == 0).findFirst().orElse(left.first());
            left.remove(next);
            order.add(next);
            for (String follower : followers.getOrDefault(next, Set.of())) {
                before.merge(follower, -1, Integer::sum);
            }
        }
        return order;
    }
}
