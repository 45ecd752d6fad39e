package org.fedledger.trainer.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SeededRandomTest {
    @Test
    void the_same_seed_gives_the_same_draws() {
        SeededRandom a = new SeededRandom(3);
        SeededRandom b = new SeededRandom(3);
        for (int i = 0; i < 100; i++) {
            assertThat(Double.doubleToRawLongBits(a.gamma(0.3))).isEqualTo(Double.doubleToRawLongBits(b.gamma(0.3)));
        }
        assertThat(a.dirichlet(0.5, 4)).containsExactly(b.dirichlet(0.5, 4));
    }

    @Test
    void gamma_draws_have_the_shape_as_their_mean() {
        SeededRandom random = new SeededRandom(4);
        for (double shape : new double[] {0.2, 1.0, 3.5}) {
            double sum = 0;
            int n = 20000;
            for (int i = 0; i < n; i++) {
                double g = random.gamma(shape);
                assertThat(g).isNotNegative();
                sum += g;
            }
            assertThat(sum / n).as("shape %s", shape).isCloseTo(shape, within(0.05 * shape + 0.01));
        }
    }

    @Test
    void dirichlet_shares_are_non_negative_and_sum_to_one() {
        SeededRandom random = new SeededRandom(5);
        for (double alpha : new double[] {0.01, 0.5, 50}) {
            double[] shares = random.dirichlet(alpha, 6);
            double sum = 0;
            for (double s : shares) {
                assertThat(s).isNotNegative();
                sum += s;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void shuffle_permutes_without_losing_or_repeating_values() {
        int[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        new SeededRandom(6).shuffle(values);
        assertThat(values).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).isNotEqualTo(
                new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    }

    @Test
    void refuses_a_non_positive_shape_or_no_shares() {
        assertThatThrownBy(() -> new SeededRandom(1).gamma(0)).hasMessageContaining("shape");
        assertThatThrownBy(() -> new SeededRandom(1).dirichlet(1, 0)).hasMessageContaining("at least one share");
    }
}
