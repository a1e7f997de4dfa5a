package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;

/**
 * A study's {@code sampler} section as submitted, before validation (docs/study-format.md, "Sampler loops"): the
 * study's points come from a sampler loop, the built-in one ({@code kind: adaptive}) or an ask/tell client
 * ({@code kind: external}), instead of a parameter space. Linked maps keep the document's order of variables.
 */
public record SamplerDocument(
        String kind,
        LinkedHashMap<String, VariableDocument> variables,
        LinkedHashMap<String, String> objectives,
        InitialDesignDocument initialDesign,
        Integer inFlight,
        BudgetDocument budget,
        ModelDocument model,
        AcquisitionDocument acquisition,
        StopDocument stop,
        String failures) {

    /** One variable the sampler chooses: {@code {min: -5, max: 10, scale: linear}}. */
    public record VariableDocument(Double min, Double max, String scale) {
    }

    /** The points the built-in sampler starts from: {@code {method: sobol, count: 10, seed: 42}}. */
    public record InitialDesignDocument(String method, Integer count, Long seed) {
    }

    /** {@code {maxRuns: 60, maxFailures: 10, maxTime: 6h}}. */
    public record BudgetDocument(Integer maxRuns, Integer maxFailures, String maxTime) {
    }

    /** {@code {kernel: matern52}}. */
    public record ModelDocument(String kernel) {
    }

    /** {@code {kind: ei}}. */
    public record AcquisitionDocument(String kind) {
    }

    /** {@code {target: {value: 0.39, tolerance: 0.01}, stagnation: {runs: 20}, onStop: drain}}. */
    public record StopDocument(TargetDocument target, StagnationDocument stagnation, String onStop) {
    }

    /** Stop once the best value is within {@code tolerance} of {@code value}. */
    public record TargetDocument(Double value, Double tolerance) {
    }

    /** Stop once the best value has not improved for {@code runs} results. */
    public record StagnationDocument(Integer runs) {
    }
}
