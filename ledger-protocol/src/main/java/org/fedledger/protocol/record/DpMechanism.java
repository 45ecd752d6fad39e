package org.fedledger.protocol.record;

import java.math.BigDecimal;
import org.fedledger.core.privacy.RdpAccountant;

/**
 * A task's differential-privacy mechanism: each submitted update is {@code stepsPerRound} releases of
 * a Gaussian mechanism with noise multiplier {@code noiseMultiplier} on a Poisson sample of rate
 * {@code samplingRate} of the trainer's dataset, each example's gradient clipped to {@code clipNorm}.
 * The decimals are strings so that every peer reads the same number.
 *
 * <pre>{@code
 * DpMechanism dpSgd = new DpMechanism("1.1", "0.05", 20, "1.0");
 * RdpAccountant oneUpdate = RdpAccountant.none().plus(dpSgd.release(), dpSgd.stepsPerRound());
 * }</pre>
 *
 * @param noiseMultiplier the noise's standard deviation over the clip norm, a positive decimal
 * @param samplingRate the Poisson sampling rate, a decimal in (0, 1]
 * @param stepsPerRound releases per submitted update, at least 1
 * @param clipNorm the per-example L2 clipping bound, a positive decimal
 */
public record DpMechanism(String noiseMultiplier, String samplingRate, long stepsPerRound, String clipNorm) {
    /** @return the loss of one release (one noisy step) */
    public RdpAccountant release() {
        return RdpAccountant.gaussian(new BigDecimal(noiseMultiplier).doubleValue(),
                new BigDecimal(samplingRate).doubleValue());
    }
}
