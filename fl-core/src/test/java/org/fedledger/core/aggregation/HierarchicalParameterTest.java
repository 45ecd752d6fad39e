package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The {@code hierarchical} parameter: exact FedAvg's plain sums only, the value 1; {@code org_median} with it. */
class HierarchicalParameterTest {
    @Test
    void hierarchical_is_a_parameter_of_plain_exact_fedavg_only() {
        assertThat(RuleSpec.parse("exact_fedavg:scale_bits=24,hierarchical=1").hierarchical()).isTrue();
        assertThat(RuleSpec.parse("exact_fedavg:scale_bits=24").hierarchical()).isFalse();
        for (String refused : new String[] {"fedavg:hierarchical=1", "median:hierarchical=1",
                "exact_fedavg:scale_bits=24,hierarchical=0", "exact_fedavg:scale_bits=24,hierarchical=2",
                "exact_fedavg:scale_bits=24,hierarchical=1,clip_norm=1",
                "exact_fedavg:scale_bits=24,hierarchical=1,codec=int8/64",
                "exact_fedavg:scale_bits=24,hierarchical=1,max_staleness=2"}) {
            assertThatThrownBy(() -> RuleSpec.parse(refused)).as(refused).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void org_median_is_a_parameter_of_hierarchical_tasks_only_the_value_1() {
        assertThat(RuleSpec.parse("exact_fedavg:scale_bits=24,hierarchical=1,org_median=1").orgMedian()).isTrue();
        assertThat(RuleSpec.parse("exact_fedavg:scale_bits=24,hierarchical=1").orgMedian()).isFalse();
        assertThatThrownBy(() -> RuleSpec.parse("exact_fedavg:scale_bits=24,org_median=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 'hierarchical'");
        for (String refused : new String[] {"median:org_median=1", "fedavg:hierarchical=1,org_median=1",
                "exact_fedavg:scale_bits=24,hierarchical=1,org_median=0",
                "exact_fedavg:scale_bits=24,hierarchical=1,org_median=2"}) {
            assertThatThrownBy(() -> RuleSpec.parse(refused)).as(refused).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
