package org.fedledger.protocol.incentives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fedledger.protocol.record.ContributionMethod;
import org.fedledger.protocol.record.ContributionVector;
import org.junit.jupiter.api.Test;

/** Issue 24, private validation sets: the valuers' median vector, exact in integers. */
class PrivateValuationTest {
    private static final List<String> WHO = List.of("a", "b", "c");

    private static ContributionVector v(long... values) {
        return new ContributionVector(ContributionMethod.SHAPLEY, 6, WHO, java.util.Arrays.stream(values).boxed().toList());
    }

    @Test
    void an_odd_count_takes_each_contributors_middle_value_whatever_the_order() {
        ContributionVector m = PrivateValuation.median(List.of(v(12, 6, 0), v(18, -6, 6), v(0, 12, 30)));
        assertThat(m.values()).containsExactly(12L, 6L, 6L);
        assertThat(m.contributors()).isEqualTo(WHO);
        assertThat(m.scale()).isEqualTo(6);
        assertThat(PrivateValuation.median(List.of(v(0, 12, 30), v(12, 6, 0), v(18, -6, 6)))).isEqualTo(m);
    }

    @Test
    void an_even_count_takes_the_floor_of_the_mean_of_the_two_middle_values() {
        assertThat(PrivateValuation.median(List.of(v(7, -7, 0), v(0, 0, 6))).values()).containsExactly(3L, -4L, 3L);
        assertThat(PrivateValuation.median(List.of(v(1, 1, 1), v(2, 2, 2), v(9, 9, 9), v(100, -100, 3))).values())
                .containsExactly(5L, 1L, 2L);
        assertThat(PrivateValuation.median(List.of(v(5, -5, 0))).values()).containsExactly(5L, -5L, 0L);
    }

    @Test
    void one_extreme_valuer_among_three_cannot_move_a_value_outside_the_other_two() {
        ContributionVector m = PrivateValuation.median(List.of(v(10, 20, 30), v(14, 16, 40),
                v(Long.MAX_VALUE / 2, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2)));
        assertThat(m.values()).containsExactly(14L, 16L, 40L);
    }

    @Test
    void refuses_no_vector_or_vectors_of_other_contributors_scale_or_method_and_overflow() {
        assertThatThrownBy(() -> PrivateValuation.median(List.of())).isInstanceOf(IllegalArgumentException.class);
        ContributionVector other = new ContributionVector(ContributionMethod.SHAPLEY, 6, List.of("a", "b", "d"),
                List.of(1L, 2L, 3L));
        assertThatThrownBy(() -> PrivateValuation.median(List.of(v(1, 2, 3), other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contributors");
        ContributionVector scaled = new ContributionVector(ContributionMethod.SHAPLEY, 6_000_000, WHO,
                List.of(1L, 2L, 3L));
        assertThatThrownBy(() -> PrivateValuation.median(List.of(v(1, 2, 3), scaled)))
                .isInstanceOf(IllegalArgumentException.class);
        ContributionVector loo = new ContributionVector(ContributionMethod.LEAVE_ONE_OUT, 6, WHO, List.of(1L, 2L, 3L));
        assertThatThrownBy(() -> PrivateValuation.median(List.of(v(1, 2, 3), loo)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrivateValuation.median(List.of(v(Long.MAX_VALUE, 0, 0), v(Long.MAX_VALUE, 0, 0))))
                .isInstanceOf(ArithmeticException.class);
    }
}
