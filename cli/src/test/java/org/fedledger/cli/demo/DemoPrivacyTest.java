package org.fedledger.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.fedledger.core.privacy.RdpAccountant;
import org.fedledger.protocol.record.DpMechanism;
import org.junit.jupiter.api.Test;

/** The demo's noise multiplier is the smallest on its grid whose rounds spend no more than the budget. */
class DemoPrivacyTest {
    private static double spent(String sigma, int rounds) {
        return RdpAccountant.none().plus(RdpAccountant.gaussian(Double.parseDouble(sigma), 0.1),
                (long) rounds * DemoPrivacy.STEPS_PER_ROUND).epsilon(1e-5);
    }

    @Test
    void picks_the_smallest_noise_multiplier_on_the_grid_that_keeps_the_rounds_within_the_budget() {
        for (String epsilon : new String[] {"8", "3"}) {
            DpMechanism m = new DemoPrivacy(epsilon, "0.00001").mechanism(30);
            String lower = new BigDecimal(m.noiseMultiplier()).subtract(new BigDecimal("0.01")).toPlainString();
            assertThat(spent(m.noiseMultiplier(), 30)).isLessThanOrEqualTo(Double.parseDouble(epsilon));
            assertThat(spent(lower, 30)).isGreaterThan(Double.parseDouble(epsilon));
            assertThat(m.samplingRate()).isEqualTo(DemoPrivacy.SAMPLING_RATE);
            assertThat(m.stepsPerRound()).isEqualTo(DemoPrivacy.STEPS_PER_ROUND);
        }
        assertThat(new DemoPrivacy("8", "0.00001").mechanism(30).noiseMultiplier()).isEqualTo("1.38");
    }

    @Test
    void the_local_dp_sgd_trains_exactly_what_the_mechanism_declares() {
        DpMechanism m = new DemoPrivacy("3", "1e-5").mechanism(10);
        var dp = DemoPrivacy.dpSgd(m);
        assertThat(dp.noiseMultiplier()).isEqualTo(Double.parseDouble(m.noiseMultiplier()));
        assertThat(dp.samplingRate()).isEqualTo(0.1);
        assertThat(dp.clipNorm()).isEqualTo(1.0);
        assertThat(dp.steps()).isEqualTo(DemoPrivacy.STEPS_PER_ROUND);
        assertThat(new DemoPrivacy("3", "1e-5").plainDelta()).isEqualTo("0.00001");
    }

    @Test
    void refuses_a_budget_that_is_not_positive_or_a_delta_of_one() {
        assertThatThrownBy(() -> new DemoPrivacy("0", "0.00001")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DemoPrivacy("8", "1")).isInstanceOf(IllegalArgumentException.class);
    }
}
