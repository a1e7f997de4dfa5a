package io.runfleet.scheduler.sampling.adaptive;

import java.util.Arrays;

/**
 * A fitted Gaussian process' hyperparameters, in log space, for standardised outputs and unit-cube inputs. Handed back
 * by {@link AdaptiveProposer} so that the caller can pass them to the next call as a warm start.
 *
 * @param logLengthScales ln of one length scale per variable (ARD)
 * @param logSignalVariance ln of the kernel's variance
 * @param logNoiseVariance ln of the observation noise variance
 * @param coldFitSize how many observations the last fit from scratch (with restarts) saw; a warm start refits from
 *     scratch once the data has doubled since
 * @param fitSize how many observations the last fit (from scratch or warm) saw; a warm start is used as it is, without
 *     any search, until the data has grown by a tenth since ({@link HyperparameterFit#refitInterval})
 */
public record Hyperparameters(double[] logLengthScales, double logSignalVariance, double logNoiseVariance,
        int coldFitSize, int fitSize) {

    public Hyperparameters {
        logLengthScales = logLengthScales.clone();
    }

    @Override
    public double[] logLengthScales() {
        return logLengthScales.clone();
    }

    int dimensions() {
        return logLengthScales.length;
    }

    double lengthScale(int d) {
        return Math.exp(logLengthScales[d]);
    }

    double signalVariance() {
        return Math.exp(logSignalVariance);
    }

    double noiseVariance() {
        return Math.exp(logNoiseVariance);
    }

    /** As one vector (length scales, signal, noise), the optimiser's view. */
    double[] toVector() {
        double[] vector = Arrays.copyOf(logLengthScales, logLengthScales.length + 2);
        vector[logLengthScales.length] = logSignalVariance;
        vector[logLengthScales.length + 1] = logNoiseVariance;
        return vector;
    }

    static Hyperparameters fromVector(double[] vector, int coldFitSize, int fitSize) {
        int d = vector.length - 2;
        return new Hyperparameters(Arrays.copyOf(vector, d), vector[d], vector[d + 1], coldFitSize, fitSize);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hyperparameters that && Arrays.equals(logLengthScales, that.logLengthScales)
                && logSignalVariance == that.logSignalVariance && logNoiseVariance == that.logNoiseVariance
                && coldFitSize == that.coldFitSize && fitSize == that.fitSize;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(logLengthScales) + Double.hashCode(logSignalVariance)
                + 17 * Double.hashCode(logNoiseVariance) + coldFitSize + 7 * fitSize;
    }

    @Override
    public String toString() {
        return "Hyperparameters[lengthScales=" + Arrays.toString(Arrays.stream(logLengthScales).map(Math::exp).toArray())
                + ", signalVariance=" + signalVariance() + ", noiseVariance=" + noiseVariance() + ", coldFitSize="
                + coldFitSize + ", fitSize=" + fitSize + "]";
    }
}
