package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.junit.jupiter.api.Test;

/** {@code demo --codec} names the trainers' update codec, which becomes exact FedAvg's {@code codec} parameter. */
class DemoCodecOptionTest {
    @Test
    void float32_leaves_the_rule_as_it_is() {
        assertThat(DemoCommand.withCodec(RuleSpec.of(RuleName.FEDAVG), "float32")).isEqualTo(RuleSpec.of(RuleName.FEDAVG));
        assertThat(DemoCommand.withCodec(RuleSpec.of(RuleName.MEDIAN), "float32")).isEqualTo(RuleSpec.of(RuleName.MEDIAN));
    }

    @Test
    void a_compressed_codec_runs_exact_fedavg_with_its_own_or_the_default_scale() {
        assertThat(DemoCommand.withCodec(RuleSpec.of(RuleName.FEDAVG), "int8")).isEqualTo(RuleSpec.of(
                RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24", RuleSpec.CODEC, "int8/64")));
        assertThat(DemoCommand.withCodec(RuleSpec.of(RuleName.EXACT_FEDAVG,
                Map.of(RuleSpec.SCALE_BITS, "20")), "topk:0.01"))
                .isEqualTo(RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "20", RuleSpec.CODEC,
                        "topk/0.01")));
        assertThat(DemoCommand.withCodec(RuleSpec.of(RuleName.FEDAVG), "int4/32").codec().blockSize()).isEqualTo(32);
    }

    @Test
    void refuses_an_unknown_codec_and_a_rule_that_cannot_sum_codes() {
        assertThatThrownBy(() -> DemoCommand.withCodec(RuleSpec.of(RuleName.FEDAVG), "int2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown codec");
        assertThatThrownBy(() -> DemoCommand.withCodec(RuleSpec.of(RuleName.MEDIAN), "int8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs exact sums");
    }
}
