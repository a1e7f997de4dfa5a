package io.runfleet.scheduler.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks {@code parameters.space}, an expression tree of {@code product}, {@code chain}, {@code zip}, {@code grid},
 * {@code points} and {@code sample} nodes, and builds its points. Field paths follow the tree, as in
 * {@code parameters.space.product[0].zip.a}.
 */
final class SpaceValidator {

    private static final String KINDS = "product, chain, zip, grid, points or sample";

    private final Problems problems;
    private final SpaceTerms terms;
    private final SampleValidator samples;

    SpaceValidator(Problems problems, SpaceTerms terms, SampleValidator samples) {
        this.problems = problems;
        this.terms = terms;
        this.samples = samples;
    }

    Term node(String field, SpaceDocument node) {
        List<String> kinds = node == null ? List.of() : kinds(node);
        if (kinds.size() != 1) {
            problems.add(field, (kinds.isEmpty() ? "empty node" : "one node holds " + String.join(" and ", kinds))
                    + "; give exactly one of " + KINDS + " per node, and nest nodes in product or chain, as in "
                    + "{product: [{zip: {a: [1, 2], b: [x, y]}}, {grid: {c: [3, 4]}}]}");
            return Term.invalid(Map.of());
        }
        return switch (kinds.get(0)) {
            case "product" -> product(field + ".product", node.product());
            case "chain" -> chain(field + ".chain", node.chain());
            case "zip" -> nonEmpty(field + ".zip", node.zip().isEmpty(), "zip: {a: [1, 2], b: [x, y]}")
                    ? terms.zip(field + ".zip", node.zip()) : Term.invalid(Map.of());
            case "grid" -> nonEmpty(field + ".grid", node.grid().isEmpty(), "grid: {a: [1, 2], b: [x, y]}")
                    ? terms.grid(field + ".grid", node.grid()) : Term.invalid(Map.of());
            case "points" -> nonEmpty(field + ".points", node.points().isEmpty(), "points: [{a: 1}, {a: 2}]")
                    ? terms.points(field + ".points", node.points()) : Term.invalid(Map.of());
            default -> samples.validate(field + ".sample", node.sample());
        };
    }

    private static List<String> kinds(SpaceDocument node) {
        List<String> kinds = new ArrayList<>();
        if (node.product() != null) {
            kinds.add("product");
        }
        if (node.chain() != null) {
            kinds.add("chain");
        }
        if (node.zip() != null) {
            kinds.add("zip");
        }
        if (node.grid() != null) {
            kinds.add("grid");
        }
        if (node.points() != null) {
            kinds.add("points");
        }
        if (node.sample() != null) {
            kinds.add("sample");
        }
        return kinds;
    }

    private boolean nonEmpty(String field, boolean empty, String example) {
        if (empty) {
            problems.add(field, "empty; give at least one entry, as in " + example);
        }
        return !empty;
    }

    /** Each parameter set by one term only: the terms' points are merged into one. */
    private Term product(String field, List<SpaceDocument> written) {
        List<Term> parts = parts(field, written, "product");
        Map<String, String> definedAt = new LinkedHashMap<>();
        Map<String, String> owners = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String termField = field + "[" + i + "]";
            parts.get(i).definedAt().forEach((name, at) -> {
                String owner = owners.putIfAbsent(name, termField);
                if (owner != null) {
                    problems.add(at, "parameter '" + name + "' is also defined in " + owner + "; each term of a "
                            + "product sets its own parameters (chain joins spaces that set the same ones)");
                } else {
                    definedAt.put(name, at);
                }
            });
        }
        return new Term(ProductSpace.of(parts.stream().map(Term::space).toList()), definedAt);
    }

    /** Every term sets the same parameters, so that every point has a value for each placeholder. */
    private Term chain(String field, List<SpaceDocument> written) {
        List<Term> parts = parts(field, written, "chain");
        if (parts.isEmpty()) {
            return Term.invalid(Map.of());
        }
        Map<String, String> first = parts.get(0).definedAt();
        for (int i = 1; i < parts.size(); i++) {
            Map<String, String> names = parts.get(i).definedAt();
            if (!names.keySet().equals(first.keySet())) {
                problems.add(field + "[" + i + "]", "sets parameters " + names.keySet() + " but " + field
                        + "[0] sets " + first.keySet() + "; give every term of a chain the same parameters "
                        + "(a term may set one to null, as in grid: {c: [null]})");
            }
        }
        return new Term(new ChainSpace(parts.stream().map(Term::space).toList()), first);
    }

    private List<Term> parts(String field, List<SpaceDocument> written, String kind) {
        if (written.isEmpty()) {
            problems.add(field, "empty " + kind + "; give a list of nodes, as in " + kind + ": [{grid: {a: [1, 2]}}, "
                    + (kind.equals("chain") ? "{grid: {a: [5, 6]}}]" : "{grid: {b: [3, 4]}}]"));
            return List.of();
        }
        List<Term> parts = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            parts.add(node(field + "[" + i + "]", written.get(i)));
        }
        return parts;
    }
}
