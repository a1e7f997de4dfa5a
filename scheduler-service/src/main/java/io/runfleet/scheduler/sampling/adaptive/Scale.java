package io.runfleet.scheduler.sampling.adaptive;

/** How a variable's range maps onto the unit interval the model works in. */
public enum Scale {
    /** min + u (max - min). */
    LINEAR,
    /** min (max / min)^u: equal ratios are equal distances, for quantities spanning decades (min > 0). */
    LOG
}
