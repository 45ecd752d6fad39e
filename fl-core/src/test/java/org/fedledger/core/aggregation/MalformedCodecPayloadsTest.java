package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedledger.core.model.FormatError;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.TensorSpec;
import org.fedledger.core.testing.Gen;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

/**
 * 10,000 malformed compressed updates, each made by one hostile edit of an honest encoding, are refused
 * by both the chaincode's check and the verifiers' decoding with the code the edit calls for, and no
 * other exception ever escapes.
 */
class MalformedCodecPayloadsTest {
    private static final int SCALE_BITS = 24;

    /** What a hostile trainer changes in an honest encoding, and the code that must refuse it. */
    private enum Edit {
        LENGTH(FormatError.SIZE_MISMATCH),
        HEADER(FormatError.MALFORMED_ENCODING),
        EXPONENT_OUT_OF_RANGE(FormatError.CODE_OUT_OF_RANGE),
        CODE_OUT_OF_RANGE(FormatError.CODE_OUT_OF_RANGE),
        EXPONENT_LARGER_THAN_NEEDED(FormatError.NON_CANONICAL_ENCODING),
        PADDING_NIBBLE(FormatError.NON_CANONICAL_ENCODING),
        INDEX_OUT_OF_RANGE(FormatError.CODE_OUT_OF_RANGE),
        INDEX_NOT_INCREASING(FormatError.MALFORMED_ENCODING),
        ZERO_OUT_OF_PLACE(FormatError.NON_CANONICAL_ENCODING);

        final FormatError expected;

        Edit(FormatError expected) {
            this.expected = expected;
        }
    }

    @Test
    void refuses_ten_thousand_malformed_payloads_with_stable_codes() {
        Map<Edit, Integer> refused = new EnumMap<>(Edit.class);
        PropertyCheck.forAll(10_000, gen -> {
            Optional<byte[]> malformed = Optional.empty();
            UpdateCodec codec = null;
            ModelSchema schema = null;
            Model base = null;
            Edit edit = null;
            while (malformed.isEmpty()) {
                codec = CodecFixtures.codec(gen);
                schema = CodecFixtures.schema(gen);
                base = CodecFixtures.model(gen, schema, 1f);
                byte[] honest = codec.encode(CodecFixtures.trained(gen, base, gen.of(1e-4f, 0.1f, 10f)), base,
                        SCALE_BITS, gen.anyLong(), new double[0]).bytes();
                edit = gen.of(Edit.values());
                malformed = apply(gen, edit, codec, schema, honest);
            }
            byte[] bytes = malformed.get();
            FormatError expected = edit.expected;
            UpdateCodec c = codec;
            ModelSchema s = schema;
            Model b = base;
            assertThatThrownBy(() -> c.check(s, CodecFixtures.chunks(gen, bytes))).as("%s %s", edit, c)
                    .isInstanceOfSatisfying(ModelFormatException.class, e -> assertThat(e.code()).isEqualTo(expected));
            assertThatThrownBy(() -> c.decode(bytes, b, SCALE_BITS)).as("%s %s", edit, c)
                    .isInstanceOfSatisfying(ModelFormatException.class, e -> assertThat(e.code()).isEqualTo(expected));
            refused.merge(edit, 1, Integer::sum);
        });
        int total = refused.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("malformed codec payloads refused: " + total + " " + refused);
        assertThat(total).isEqualTo(10_000);
        assertThat(refused).containsOnlyKeys(Edit.values());
    }

    @Test
    void random_damage_is_refused_with_a_format_code_or_is_another_canonical_update() {
        PropertyCheck.forAll(10_000, gen -> {
            UpdateCodec codec = CodecFixtures.codec(gen);
            ModelSchema schema = CodecFixtures.schema(gen);
            Model base = CodecFixtures.onGrid(gen, schema, SCALE_BITS);
            byte[] bytes = codec.encode(CodecFixtures.trained(gen, base, 0.01f), base, SCALE_BITS, gen.anyLong(),
                    new double[0]).bytes();
            for (int flips = gen.intBetween(1, 4); flips > 0; flips--) {
                bytes[gen.intBetween(0, bytes.length - 1)] = gen.anyByte();
            }
            try {
                FixedPointUpdate codes = codec.decode(bytes, base, SCALE_BITS);
                assertThat(CodecFixtures.clamped(codes) ? bytes : codec.encode(base, base, SCALE_BITS, 0, CodecFixtures.offsets(codes, base)).bytes())
                        .isEqualTo(bytes);
            } catch (ModelFormatException refused) {
                assertThat(refused.code()).isNotNull();
            }
        });
    }

    /** The honest bytes with one edit of the kind asked, or empty when this encoding has no place for it. */
    private static Optional<byte[]> apply(Gen gen, Edit edit, UpdateCodec codec, ModelSchema schema, byte[] honest) {
        byte[] bytes = honest.clone();
        CodecKind kind = codec.kind();
        List<int[]> blocks = blocks(codec, schema); // {offset of exponent byte, length}
        switch (edit) {
            case LENGTH -> {
                return Optional.of(gen.bool() ? Arrays.copyOf(bytes, gen.intBetween(0, bytes.length - 1))
                        : Arrays.copyOf(bytes, bytes.length + gen.intBetween(1, 16)));
            }
            case HEADER -> {
                int at = gen.intBetween(0, 7);
                bytes[at] ^= (byte) gen.intBetween(1, 255);
                return Optional.of(bytes);
            }
            case EXPONENT_OUT_OF_RANGE -> {
                if (!kind.blockScaled()) {
                    return Optional.empty();
                }
                bytes[gen.of(blocks)[0]] = (byte) gen.intBetween(kind.maxExponent() + 1, 255);
                return Optional.of(bytes);
            }
            case CODE_OUT_OF_RANGE -> {
                if (!kind.blockScaled()) {
                    return Optional.empty();
                }
                int[] block = gen.of(blocks);
                int j = gen.intBetween(0, block[1] - 1);
                if (kind == CodecKind.INT8) {
                    bytes[block[0] + 1 + j] = (byte) -128;
                } else {
                    int at = block[0] + 1 + j / 2;
                    bytes[at] = (byte) (j % 2 == 0 ? (bytes[at] & 0xF0) | 0x8 : (bytes[at] & 0x0F) | 0x80);
                }
                return Optional.of(bytes);
            }
            case EXPONENT_LARGER_THAN_NEEDED -> {
                if (!kind.blockScaled()) {
                    return Optional.empty();
                }
                int[] block = gen.of(blocks);
                bytes[block[0]] = (byte) gen.intBetween(1, kind.maxExponent());
                int half = kind.maxCode() / 2;
                for (int j = 0; j < block[1]; j++) {
                    int c = gen.intBetween(-half, half);
                    if (kind == CodecKind.INT8) {
                        bytes[block[0] + 1 + j] = (byte) c;
                    } else {
                        int at = block[0] + 1 + j / 2;
                        bytes[at] = (byte) (j % 2 == 0 ? c & 0xF : (bytes[at] & 0x0F) | (c & 0xF) << 4);
                    }
                }
                return Optional.of(bytes);
            }
            case PADDING_NIBBLE -> {
                List<int[]> odd = new ArrayList<>();
                for (int[] block : blocks) {
                    if (kind == CodecKind.INT4 && block[1] % 2 == 1) {
                        odd.add(block);
                    }
                }
                if (odd.isEmpty()) {
                    return Optional.empty();
                }
                int[] block = gen.of(odd);
                bytes[block[0] + (block[1] + 1) / 2] |= (byte) (gen.intBetween(1, 15) << 4);
                return Optional.of(bytes);
            }
            case INDEX_OUT_OF_RANGE, INDEX_NOT_INCREASING, ZERO_OUT_OF_PLACE -> {
                return kind == CodecKind.TOPK ? editTopk(gen, edit, codec, schema, bytes) : Optional.empty();
            }
            default -> throw new AssertionError(edit);
        }
    }

    private static Optional<byte[]> editTopk(Gen gen, Edit edit, UpdateCodec codec, ModelSchema schema, byte[] bytes) {
        int at = 8;
        List<int[]> tensors = new ArrayList<>(); // {offset, k, n}
        for (TensorSpec spec : schema.tensors()) {
            int k = codec.keptValues(spec.elementCount());
            tensors.add(new int[] {at, k, spec.elementCount()});
            at += 8 * k;
        }
        int[] t = gen.of(tensors);
        int k = t[1];
        int p = gen.intBetween(0, k - 1);
        switch (edit) {
            case INDEX_OUT_OF_RANGE -> {
                putInt(bytes, t[0] + 4 * p, (int) gen.longBetween(t[2], 0xFFFF_FFFFL));
                return Optional.of(bytes);
            }
            case INDEX_NOT_INCREASING -> {
                if (k < 2) {
                    return Optional.empty();
                }
                int q = Math.max(1, p);
                int previous = getInt(bytes, t[0] + 4 * (q - 1));
                putInt(bytes, t[0] + 4 * q, gen.intBetween(0, previous));
                return Optional.of(bytes);
            }
            case ZERO_OUT_OF_PLACE -> {
                for (int r = 0; r < k; r++) {
                    int position = (p + r) % k;
                    if (getInt(bytes, t[0] + 4 * position) != position) {
                        putInt(bytes, t[0] + 4 * k + 4 * position, 0);
                        return Optional.of(bytes);
                    }
                }
                return Optional.empty();
            }
            default -> throw new AssertionError(edit);
        }
    }

    /** Each block of a block-scaled codec: the offset of its exponent byte and its number of values. */
    private static List<int[]> blocks(UpdateCodec codec, ModelSchema schema) {
        List<int[]> blocks = new ArrayList<>();
        if (!codec.kind().blockScaled()) {
            return blocks;
        }
        int at = 8;
        for (TensorSpec spec : schema.tensors()) {
            for (int start = 0; start < spec.elementCount(); start += codec.blockSize()) {
                int len = Math.min(codec.blockSize(), spec.elementCount() - start);
                blocks.add(new int[] {at, len});
                at += 1 + (codec.kind() == CodecKind.INT8 ? len : (len + 1) / 2);
            }
        }
        return blocks;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
