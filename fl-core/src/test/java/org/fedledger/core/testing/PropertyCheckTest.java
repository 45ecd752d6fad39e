package org.fedledger.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropertyCheckTest {
    @Test
    void a_failing_property_reports_its_seed_and_cause() {
        IllegalStateException cause = new IllegalStateException("boom");
        assertThatThrownBy(() -> PropertyCheck.forAll(10, gen -> {
            throw cause;
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("try 1 of 10")
                .hasMessageContaining("-D" + PropertyCheck.SEED_PROPERTY + "=")
                .hasCause(cause);
    }

    @Test
    void the_same_seed_draws_the_same_inputs() {
        String previous = System.getProperty(PropertyCheck.SEED_PROPERTY);
        try {
            System.setProperty(PropertyCheck.SEED_PROPERTY, "42");
            List<Long> first = new ArrayList<>();
            List<Long> second = new ArrayList<>();
            PropertyCheck.forAll(20, gen -> first.add(gen.anyLong()));
            PropertyCheck.forAll(20, gen -> second.add(gen.anyLong()));
            assertThat(first).hasSize(20).isEqualTo(second);
        } finally {
            if (previous == null) {
                System.clearProperty(PropertyCheck.SEED_PROPERTY);
            } else {
                System.setProperty(PropertyCheck.SEED_PROPERTY, previous);
            }
        }
    }

    @Test
    void bounded_draws_stay_within_their_bounds_and_reach_them() {
        List<Integer> drawn = new ArrayList<>();
        PropertyCheck.forAll(200, gen -> drawn.add(gen.intBetween(3, 7)));
        assertThat(drawn).allSatisfy(v -> assertThat(v).isBetween(3, 7)).contains(3, 7);
    }
}
