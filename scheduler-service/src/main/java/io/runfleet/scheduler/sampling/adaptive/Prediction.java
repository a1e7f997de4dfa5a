package io.runfleet.scheduler.sampling.adaptive;

/** The Gaussian process' posterior at a point: mean and variance of the latent function (without the noise). */
record Prediction(double mean, double variance) {
}
