package org.fedledger.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A task's schema fixes the exact encoded size and every non-data byte of a model: a payload is
 * checked against that before anything is decoded, and a decode is bounded by what the caller allows.
 */
class SchemaBoundDecodingTest {
    private static final ModelSchema TWO_TENSORS =
            ModelSchema.of(List.of(TensorSpec.of("dense/kernel", 4, 2), TensorSpec.of("dense/bias", 2)));

    private static Model modelOf(ModelSchema schema, float seed) {
        List<Tensor> tensors = new ArrayList<>();
        for (TensorSpec spec : schema.tensors()) {
            float[] values = new float[spec.elementCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = seed * (i + 1) - 0.25f * i;
            }
            tensors.add(Tensor.of(spec, values));
        }
        return Model.of(tensors);
    }

    /** Many one-value tensors: each costs far more heap decoded than its ~12 bytes encoded. */
    private static byte[] tinyTensors(int count) {
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tensors.add(Tensor.of(String.format("t%07d", i), new int[0], new float[] {1f}));
        }
        return ModelCodec.encode(Model.of(tensors));
    }

    private static List<byte[]> split(byte[] bytes, int... cuts) {
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chunks.add(Arrays.copyOfRange(bytes, from, cut));
            from = cut;
        }
        chunks.add(Arrays.copyOfRange(bytes, from, bytes.length));
        return chunks;
    }

    private static FormatError codeOf(Runnable check) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(check::run);
        assertThat(thrown).isInstanceOf(ModelFormatException.class);
        return ((ModelFormatException) thrown).code();
    }

    @Nested
    class EncodedSizeOfASchema {
        @Test
        void equals_the_length_of_every_encoded_model_of_the_schema() {
            Random random = new Random(7);
            for (int trial = 0; trial < 50; trial++) {
                List<TensorSpec> specs = new ArrayList<>();
                int tensors = 1 + random.nextInt(5);
                for (int t = 0; t < tensors; t++) {
                    int[] shape = new int[random.nextInt(4)];
                    for (int d = 0; d < shape.length; d++) {
                        shape[d] = 1 + random.nextInt(d == 0 ? 300 : 20);
                    }
                    specs.add(TensorSpec.of("t" + t + "x".repeat(random.nextInt(130 - 3)), shape));
                }
                ModelSchema schema = ModelSchema.of(specs);
                assertThat(ModelCodec.encodedSize(schema))
                        .isEqualTo(ModelCodec.encode(modelOf(schema, trial)).length);
            }
        }
    }

    @Nested
    class CheckingAnEncodingAgainstASchema {
        @Test
        void accepts_the_canonical_encoding_of_a_finite_model_of_the_schema_however_it_is_split() {
            byte[] bytes = ModelCodec.encode(modelOf(TWO_TENSORS, 1.5f));
            ModelCodec.checkEncoding(TWO_TENSORS, List.of(bytes));
            for (int cut = 1; cut < bytes.length; cut++) {
                ModelCodec.checkEncoding(TWO_TENSORS, split(bytes, cut));
            }
            ModelCodec.checkEncoding(TWO_TENSORS, split(bytes, 1, 2, 3, 5, 8, 13, 21, 34));
        }

        @Test
        void refuses_sixteen_mebibytes_of_tiny_tensors_by_its_length_without_decoding_them() {
            byte[] one = ModelCodec.encode(Model.of(List.of(Tensor.of("t", new int[0], new float[] {1f}))));
            byte[] flood = new byte[16 * 1024 * 1024 / one.length * one.length];
            for (int at = 0; at < flood.length; at += one.length) {
                System.arraycopy(one, 0, flood, at, one.length);
            }
            assertThatThrownBy(() -> ModelCodec.checkEncoding(TWO_TENSORS, List.of(flood)))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("encodes to exactly " + ModelCodec.encodedSize(TWO_TENSORS) + " bytes")
                    .satisfies(e -> assertThat(((ModelFormatException) e).code()).isEqualTo(FormatError.SIZE_MISMATCH));
        }

        @Test
        void refuses_one_byte_more_or_less_by_its_length() {
            byte[] bytes = ModelCodec.encode(modelOf(TWO_TENSORS, 1f));
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);
            assertThat(codeOf(() -> ModelCodec.checkEncoding(TWO_TENSORS, List.of(longer))))
                    .isEqualTo(FormatError.SIZE_MISMATCH);
            assertThat(codeOf(() -> ModelCodec.checkEncoding(TWO_TENSORS, List.of(shorter))))
                    .isEqualTo(FormatError.SIZE_MISMATCH);
        }

        @Test
        void refuses_a_nan_or_an_infinity_anywhere_even_across_a_chunk_boundary() {
            byte[] bytes = ModelCodec.encode(modelOf(TWO_TENSORS, 1f));
            int last = bytes.length - 4;
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                byte[] copy = bytes.clone();
                int bits = Float.floatToRawIntBits(bad);
                for (int b = 0; b < 4; b++) {
                    copy[last + b] = (byte) (bits >>> (8 * b));
                }
                assertThat(codeOf(() -> ModelCodec.checkEncoding(TWO_TENSORS, split(copy, last + 2))))
                        .isEqualTo(FormatError.NON_FINITE_VALUE);
                assertThat(codeOf(() -> ModelCodec.decode(copy))).isEqualTo(FormatError.NON_FINITE_VALUE);
            }
        }

        @Test
        void names_a_model_of_another_schema_of_the_same_size_as_a_schema_mismatch() {
            ModelSchema renamed =
                    ModelSchema.of(List.of(TensorSpec.of("dense/kernel", 4, 2), TensorSpec.of("dense/biaz", 2)));
            byte[] other = ModelCodec.encode(modelOf(renamed, 1f));
            assertThat((long) other.length).isEqualTo(ModelCodec.encodedSize(TWO_TENSORS));
            assertThat(codeOf(() -> ModelCodec.checkEncoding(TWO_TENSORS, List.of(other))))
                    .isEqualTo(FormatError.SCHEMA_MISMATCH);
            ModelSchema reshaped =
                    ModelSchema.of(List.of(TensorSpec.of("dense/kernel", 2, 4), TensorSpec.of("dense/bias", 2)));
            byte[] transposed = ModelCodec.encode(modelOf(reshaped, 1f));
            assertThat(codeOf(() -> ModelCodec.checkEncoding(TWO_TENSORS, List.of(transposed))))
                    .isEqualTo(FormatError.SCHEMA_MISMATCH);
        }

        @Test
        void names_garbage_of_the_right_length_as_malformed() {
            byte[] garbage = new byte[(int) ModelCodec.encodedSize(TWO_TENSORS)];
            Arrays.fill(garbage, (byte) 0xFF);
            assertThat(codeOf(() -> ModelCodec.checkEncoding(TWO_TENSORS, List.of(garbage))))
                    .isEqualTo(FormatError.MALFORMED_ENCODING);
        }

        @Test
        void gives_the_verdict_decoding_and_the_schema_check_give_for_every_corrupted_byte() {
            byte[] bytes = ModelCodec.encode(modelOf(TWO_TENSORS, 2f));
            for (int at = 0; at < bytes.length; at++) {
                byte[] copy = bytes.clone();
                copy[at] ^= 0x41;
                FormatError viaDecode;
                try {
                    TWO_TENSORS.check(ModelCodec.decode(copy));
                    viaDecode = null;
                } catch (ModelFormatException e) {
                    viaDecode = e.code();
                }
                FormatError viaCheck;
                try {
                    ModelCodec.checkEncoding(TWO_TENSORS, split(copy, at / 2 + 1));
                    viaCheck = null;
                } catch (ModelFormatException e) {
                    viaCheck = e.code();
                }
                assertThat(viaCheck).as("byte %d", at).isEqualTo(viaDecode);
            }
        }
    }

    @Nested
    class DecodingWithinLimits {
        @Test
        void stops_at_the_first_tensor_beyond_the_allowed_count() {
            byte[] flood = tinyTensors(10_000);
            assertThatThrownBy(() -> ModelCodec.decode(flood, DecodeLimits.of(TWO_TENSORS)))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("more than 2 tensors")
                    .satisfies(e -> assertThat(((ModelFormatException) e).code()).isEqualTo(FormatError.TOO_LARGE));
        }

        @Test
        void refuses_a_tensor_that_would_take_the_values_beyond_the_allowed_count_before_allocating_it() {
            byte[] big = ModelCodec.encode(Model.of(List.of(Tensor.of("w", new int[] {1000}, new float[1000]))));
            assertThat(codeOf(() -> ModelCodec.decode(big, DecodeLimits.of(1, 999)))).isEqualTo(FormatError.TOO_LARGE);
            assertThat(ModelCodec.decode(big, DecodeLimits.of(1, 1000)).parameterCount()).isEqualTo(1000);
        }

        @Test
        void decodes_a_model_of_the_schema_as_the_unlimited_decode_does() {
            byte[] bytes = ModelCodec.encode(modelOf(TWO_TENSORS, 3f));
            assertThat(ModelCodec.decode(bytes, DecodeLimits.of(TWO_TENSORS))).isEqualTo(ModelCodec.decode(bytes));
        }

        @Test
        void refuses_limits_below_one() {
            assertThatThrownBy(() -> DecodeLimits.of(0, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> DecodeLimits.of(1, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
