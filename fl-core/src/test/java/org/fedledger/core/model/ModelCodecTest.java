package org.fedledger.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fedledger.core.model.Proto.floatsLe;
import static org.fedledger.core.model.Proto.hex;
import static org.fedledger.core.model.Proto.message;
import static org.fedledger.core.model.Proto.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelCodecTest {
    /** "b" = [1, -2] with shape [2], "s" = 0.5 as a scalar. */
    static final String GOLDEN_HEX = ""
            + "0a 12"                    // Model.tensors, 18 bytes
            + "  0a 01 62"               //   name "b"
            + "  12 01 02"               //   shape packed [2]
            + "  18 01"                  //   dtype FLOAT32
            + "  22 08 0000803f 000000c0" //  data 1.0f, -2.0f little-endian
            + "0a 0b"                    // Model.tensors, 11 bytes
            + "  0a 01 73"               //   name "s"
            + "  18 01"                  //   dtype FLOAT32 (no shape: scalar)
            + "  22 04 0000003f";        //   data 0.5f

    static Model golden() {
        return Model.of(List.of(
                Tensor.of("s", new int[0], new float[] {0.5f}),
                Tensor.of("b", new int[] {2}, new float[] {1f, -2f})));
    }

    static byte[] modelOf(Proto... tensors) {
        Proto m = message();
        for (Proto t : tensors) {
            m.len(1, t);
        }
        return m.bytes();
    }

    static AbstractThrowableAssert<?, ? extends Throwable> refused(byte[] bytes, FormatError code) {
        return assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .satisfies(e -> assertThat(((ModelFormatException) e).code()).isEqualTo(code));
    }

    @Nested
    class Encode {
        @Test
        void writes_the_hand_computed_golden_bytes() {
            assertThat(hex(ModelCodec.encode(golden()))).isEqualTo(GOLDEN_HEX.replace(" ", ""));
        }

        @Test
        void writes_multi_byte_varints_for_long_lengths_and_large_dimensions() {
            Model model = Model.of(List.of(Tensor.of("d", new int[] {150}, new float[150])));

            byte[] bytes = ModelCodec.encode(model);

            // body = name 3 + shape 4 + dtype 2 + data (1 + 2 + 600) = 612 = varint e4 04
            assertThat(hex(Arrays.copyOf(bytes, 15))).isEqualTo("0ae4040a016412029601180122d804");
            assertThat(bytes).hasSize(3 + 612);
        }

        @Test
        void gives_identical_bytes_whatever_order_the_tensors_were_given_in() {
            List<Tensor> tensors = new ArrayList<>(List.of(
                    Tensor.of("layer1/kernel", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                    Tensor.of("layer1/bias", new int[] {3}, new float[] {7, 8, 9}),
                    Tensor.of("a", new int[] {1}, new float[] {10})));
            byte[] first = ModelCodec.encode(Model.of(tensors));
            Collections.reverse(tensors);
            byte[] reversed = ModelCodec.encode(Model.of(tensors));
            Collections.swap(tensors, 0, 1);
            byte[] swapped = ModelCodec.encode(Model.of(tensors));

            assertThat(reversed).isEqualTo(first);
            assertThat(swapped).isEqualTo(first);
        }

        @Test
        void keeps_negative_zero_distinct_from_zero() {
            Model negative = Model.of(List.of(Tensor.of("z", new int[] {1}, new float[] {-0.0f})));
            Model positive = Model.of(List.of(Tensor.of("z", new int[] {1}, new float[] {0.0f})));

            assertThat(ModelCodec.encode(negative)).isNotEqualTo(ModelCodec.encode(positive));
            assertThat(ModelCodec.hash(negative)).isNotEqualTo(ModelCodec.hash(positive));
            float decoded = ModelCodec.decode(ModelCodec.encode(negative)).tensors().get(0).value(0);
            assertThat(Float.floatToRawIntBits(decoded)).isEqualTo(Float.floatToRawIntBits(-0.0f));
        }

        @Test
        void reports_the_exact_size_before_encoding() {
            assertThat(ModelCodec.encodedSize(golden())).isEqualTo(ModelCodec.encode(golden()).length);
        }
    }

    @Nested
    class Hash {
        @Test
        void is_the_sha256_of_the_canonical_bytes() {
            assertThat(ModelCodec.hash(golden())).isEqualTo(ContentHash.of(hex(GOLDEN_HEX)));
        }

        @Test
        void is_the_same_for_equal_models() {
            Model again = ModelCodec.decode(ModelCodec.encode(golden()));

            assertThat(ModelCodec.hash(again)).isEqualTo(ModelCodec.hash(golden()));
        }
    }

    @Nested
    class Decode {
        @Test
        void reads_the_golden_bytes_back_into_the_same_model() {
            Model model = ModelCodec.decode(hex(GOLDEN_HEX));

            assertThat(model).isEqualTo(golden());
            assertThat(model.tensor("b").orElseThrow().shape()).containsExactly(2);
            assertThat(model.tensor("b").orElseThrow().values()).containsExactly(1f, -2f);
            assertThat(model.tensor("s").orElseThrow().shape()).isEmpty();
            assertThat(model.tensor("s").orElseThrow().values()).containsExactly(0.5f);
        }

        @Test
        void round_trips_a_multi_dimensional_model() {
            float[] kernel = new float[4 * 3 * 2];
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] = i * 0.25f - 3f;
            }
            Model model = Model.of(List.of(
                    Tensor.of("conv/kernel", new int[] {4, 3, 2}, kernel),
                    Tensor.of("conv/bias", new int[] {2}, new float[] {Float.MIN_VALUE, -Float.MAX_VALUE})));

            assertThat(ModelCodec.decode(ModelCodec.encode(model))).isEqualTo(model);
        }

        @Test
        void refuses_empty_input_as_an_empty_model() {
            refused(new byte[0], FormatError.EMPTY_MODEL).hasMessageContaining("at least one tensor");
        }

        @Test
        void refuses_truncated_input_naming_the_offset() {
            byte[] golden = hex(GOLDEN_HEX);

            refused(Arrays.copyOf(golden, golden.length - 1), FormatError.MALFORMED_ENCODING)
                    .hasMessageContaining("truncated")
                    .hasMessageContaining("at byte 21");
        }

        @Test
        void refuses_a_truncated_varint() {
            refused(hex("0a"), FormatError.MALFORMED_ENCODING).hasMessageContaining("truncated varint");
            refused(hex("0a 80"), FormatError.MALFORMED_ENCODING).hasMessageContaining("truncated varint");
        }

        @Test
        void refuses_a_varint_longer_than_ten_bytes() {
            refused(hex("0a ffffffffffffffffff7f"), FormatError.MALFORMED_ENCODING)
                    .hasMessageContaining("overflows 64 bits");
            refused(hex("0a 8080808080808080808000"), FormatError.MALFORMED_ENCODING)
                    .hasMessageContaining("varint");
        }

        @Test
        void refuses_a_huge_declared_length_without_allocating_it() {
            refused(hex("0a ffffffff0f 00"), FormatError.MALFORMED_ENCODING)
                    .hasMessageContaining("declares 4294967295 bytes but only 1 remain");
            refused(modelOf(message().string(1, "w").tag(4, 2).varint(Integer.MAX_VALUE)), FormatError.MALFORMED_ENCODING)
                    .hasMessageContaining("Tensor.data");
        }

        @Test
        void refuses_a_bad_wire_type_for_tensors() {
            refused(hex("08 01"), FormatError.MALFORMED_ENCODING)
                    .hasMessageContaining("wire type 0")
                    .hasMessageContaining("at byte 0");
        }

        @Test
        void refuses_a_bad_wire_type_inside_a_tensor() {
            byte[] bytes = modelOf(message().uint(1, 7).uint(3, 1).len(4, floatsLe(1f)));

            refused(bytes, FormatError.MALFORMED_ENCODING).hasMessageContaining("Tensor.name").hasMessageContaining("at byte 2");
        }

        @Test
        void refuses_group_and_invalid_wire_types() {
            refused(hex("0b"), FormatError.MALFORMED_ENCODING).hasMessageContaining("start group");
            refused(modelOf(tensor("w", new long[] {1}, 1f).raw("1f")), FormatError.MALFORMED_ENCODING)
                    .hasMessageContaining("invalid");
        }

        @Test
        void refuses_field_number_zero() {
            refused(hex("02 00"), FormatError.MALFORMED_ENCODING).hasMessageContaining("field number 0");
        }

        @Test
        void refuses_an_unknown_field_in_the_model() {
            byte[] bytes = message().raw(hex(GOLDEN_HEX)).uint(2, 5).bytes();

            refused(bytes, FormatError.MALFORMED_ENCODING).hasMessageContaining("unknown field 2").hasMessageContaining("at byte 33");
        }

        @Test
        void refuses_an_unknown_field_in_a_tensor() {
            byte[] bytes = modelOf(tensor("w", new long[] {1}, 1f).uint(5, 1));

            refused(bytes, FormatError.MALFORMED_ENCODING).hasMessageContaining("unknown field 5");
        }

        @Test
        void refuses_a_name_that_is_not_utf8() {
            byte[] bytes = modelOf(message().len(1, new byte[] {'w', (byte) 0xff}).uint(3, 1).len(4, floatsLe(1f)));

            refused(bytes, FormatError.MALFORMED_ENCODING).hasMessageContaining("not valid UTF-8").hasMessageContaining("at byte 4");
        }

        @Test
        void refuses_a_valid_utf8_name_outside_the_allowed_characters() {
            byte[] bytes = modelOf(message().string(1, "poids\u00e9").uint(3, 1).len(4, floatsLe(1f)));

            refused(bytes, FormatError.INVALID_NAME);
        }

        @Test
        void refuses_a_tensor_without_a_name() {
            refused(modelOf(message().uint(3, 1).len(4, floatsLe(1f))), FormatError.MALFORMED_ENCODING)
                    .hasMessageContaining("no name");
        }

        @Test
        void refuses_an_unknown_dtype() {
            byte[] bytes = modelOf(message().string(1, "w").uint(3, 2).len(4, floatsLe(1f)));

            refused(bytes, FormatError.MALFORMED_ENCODING).hasMessageContaining("dtype 2").hasMessageContaining("at byte 6");
        }

        @Test
        void refuses_an_unspecified_or_missing_dtype() {
            refused(modelOf(message().string(1, "w").uint(3, 0).len(4, floatsLe(1f))), FormatError.MALFORMED_ENCODING)
                    .hasMessageContaining("DTYPE_UNSPECIFIED");
            refused(modelOf(message().string(1, "w").len(4, floatsLe(1f))), FormatError.MALFORMED_ENCODING)
                    .hasMessageContaining("no dtype");
        }

        @Test
        void refuses_data_whose_length_is_not_a_multiple_of_four() {
            byte[] bytes = modelOf(message().string(1, "w").packed(2, 1).uint(3, 1).len(4, new byte[] {0, 0, 0}));

            refused(bytes, FormatError.SHAPE_MISMATCH).hasMessageContaining("not a multiple of 4");
        }

        @Test
        void refuses_data_that_does_not_match_the_shape() {
            refused(modelOf(tensor("w", new long[] {3}, 1f, 2f)), FormatError.SHAPE_MISMATCH)
                    .hasMessageContaining("3 values");
            refused(modelOf(message().string(1, "w").packed(2, 2).uint(3, 1)), FormatError.SHAPE_MISMATCH)
                    .hasMessageContaining("but 0 data bytes");
        }

        @Test
        void refuses_zero_negative_or_too_large_dimensions() {
            refused(modelOf(tensor("w", new long[] {0})), FormatError.INVALID_SHAPE);
            refused(modelOf(tensor("w", new long[] {-1}, 1f)), FormatError.INVALID_SHAPE);
            refused(modelOf(tensor("w", new long[] {1L << 31}, 1f)), FormatError.INVALID_SHAPE);
            refused(modelOf(tensor("w", new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1f)), FormatError.INVALID_SHAPE)
                    .hasMessageContaining("more than 8 dimensions");
        }

        @Test
        void refuses_non_finite_values() {
            refused(modelOf(tensor("w", new long[] {2}, 1f, Float.NaN)), FormatError.NON_FINITE_VALUE);
            refused(modelOf(tensor("w", new long[] {1}, Float.NEGATIVE_INFINITY)), FormatError.NON_FINITE_VALUE);
        }

        @Test
        void refuses_two_tensors_with_the_same_name() {
            refused(modelOf(tensor("w", new long[] {1}, 1f), tensor("w", new long[] {1}, 2f)), FormatError.DUPLICATE_TENSOR);
        }

        @Test
        void refuses_unsorted_tensors_as_non_canonical() {
            byte[] bytes = modelOf(tensor("s", new long[0], 0.5f), tensor("b", new long[] {2}, 1f, -2f));

            refused(bytes, FormatError.NON_CANONICAL_ENCODING).hasMessageContaining("sorted by name");
        }

        @Test
        void refuses_fields_out_of_order_as_non_canonical() {
            byte[] bytes = modelOf(message().string(1, "w").uint(3, 1).packed(2, 1).len(4, floatsLe(1f)));

            refused(bytes, FormatError.NON_CANONICAL_ENCODING).hasMessageContaining("from byte 5");
        }

        @Test
        void refuses_a_non_minimal_varint_as_non_canonical() {
            byte[] dtype = modelOf(message().string(1, "w").packed(2, 1).raw("18 81 00").len(4, floatsLe(1f)));
            byte[] length = message().raw("0a 8b 00").raw(tensor("s", new long[0], 0.5f).bytes()).bytes();

            refused(dtype, FormatError.NON_CANONICAL_ENCODING);
            refused(length, FormatError.NON_CANONICAL_ENCODING).hasMessageContaining("from byte 1");
        }

        @Test
        void refuses_an_unpacked_shape_as_non_canonical() {
            byte[] bytes = modelOf(message().string(1, "w").uint(2, 2).uint(2, 1).uint(3, 1).len(4, floatsLe(1f, 2f)));

            refused(bytes, FormatError.NON_CANONICAL_ENCODING);
        }

        @Test
        void refuses_an_empty_packed_shape_for_a_scalar_as_non_canonical() {
            byte[] bytes = modelOf(message().string(1, "s").packed(2).uint(3, 1).len(4, floatsLe(1f)));

            refused(bytes, FormatError.NON_CANONICAL_ENCODING);
        }

        @Test
        void refuses_a_repeated_singular_field_as_non_canonical() {
            byte[] name = modelOf(message().string(1, "x").raw(tensor("w", new long[] {1}, 1f).bytes()));
            byte[] data = modelOf(tensor("w", new long[] {1}, 2f).len(4, floatsLe(1f)));

            refused(name, FormatError.NON_CANONICAL_ENCODING);
            refused(data, FormatError.NON_CANONICAL_ENCODING);
        }

        @Test
        void never_lets_a_malformed_input_escape_as_another_exception() {
            byte[] golden = hex(GOLDEN_HEX);
            for (int cut = 0; cut < golden.length; cut++) {
                if (cut == 20) {
                    continue; // the first tensor alone is a valid model
                }
                byte[] prefix = Arrays.copyOf(golden, cut);
                assertThatThrownBy(() -> ModelCodec.decode(prefix)).isInstanceOf(ModelFormatException.class);
            }
        }
    }
}
