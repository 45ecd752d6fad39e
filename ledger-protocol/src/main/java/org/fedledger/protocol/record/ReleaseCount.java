package org.fedledger.protocol.record;

/**
 * How many releases of one Gaussian mechanism a dataset has had: counts, not sums of losses, so that
 * the loss computed from them is the same bits on every peer whatever order the releases came in.
 *
 * <pre>{@code
 * new ReleaseCount("1.1", "0.05", 200);
 * }</pre>
 *
 * @param noiseMultiplier the mechanism's noise multiplier, as its task declares it
 * @param samplingRate the mechanism's sampling rate, as its task declares it
 * @param count releases so far
 */
public record ReleaseCount(String noiseMultiplier, String samplingRate, long count) {
}
