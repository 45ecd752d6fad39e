package org.fedledger.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

/**
 * A tensor checks finiteness and records its largest magnitude in one pass that branches only when the
 * maximum grows; a non-finite value must be refused wherever it sits, also after the maximum, and the
 * recorded magnitude must be the true one (exact aggregation trusts it to rule out clamped codes).
 */
class TensorTest {

    @Test
    void max_magnitude_is_the_largest_absolute_value() {
        PropertyCheck.forAll(2000, gen -> {
            float[] values = new float[gen.intBetween(1, 70)];
            float expected = 0.0f;
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (gen.intBetween(0, 3)) {
                    case 0 -> gen.bool() ? 0.0f : -0.0f;
                    case 1 -> gen.bool() ? Float.MAX_VALUE : -Float.MAX_VALUE;
                    case 2 -> Float.intBitsToFloat(gen.intBetween(0, 0x7f7fffff)) * (gen.bool() ? 1 : -1);
                    default -> (float) gen.javaRandom().nextGaussian();
                };
                expected = Math.max(expected, Math.abs(values[i]));
            }
            Tensor tensor = Tensor.of("w", new int[] {values.length}, values);
            assertThat(Float.floatToRawIntBits(tensor.maxMagnitude())).isEqualTo(Float.floatToRawIntBits(expected));
        });
    }

    @Test
    void refuses_a_non_finite_value_before_at_or_after_the_largest_magnitude() {
        PropertyCheck.forAll(1000, gen -> {
            float[] values = new float[gen.intBetween(1, 40)];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) gen.javaRandom().nextGaussian();
            }
            values[gen.intBetween(0, values.length - 1)] = gen.bool() ? 1e30f : -1e30f;
            int bad = gen.intBetween(0, values.length - 1);
            values[bad] = gen.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                    Float.intBitsToFloat(0xffc00001));
            assertThatThrownBy(() -> Tensor.of("w", new int[] {values.length}, values))
                    .isInstanceOfSatisfying(ModelFormatException.class,
                            e -> assertThat(e.code()).isEqualTo(FormatError.NON_FINITE_VALUE))
                    .hasMessageContaining("at index " + bad);
        });
    }
}
