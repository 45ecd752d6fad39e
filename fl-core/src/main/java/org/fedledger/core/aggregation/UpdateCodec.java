package org.fedledger.core.aggregation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fedledger.core.model.DecodeLimits;
import org.fedledger.core.model.FormatError;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.model.TensorSpec;

/**
 * How an update's tensors travel: float32 ({@link ModelCodec}, the default), int8 or int4 codes with a
 * power-of-two scale per block, or the top-k offsets of each tensor. A task names its codec in its exact
 * rule's {@code codec} parameter, so the task record and every manifest carry it and verifiers and the
 * audit decode exactly as the chaincode checked. See {@code docs/round-modes.md} for the design.
 *
 * <p>A compressed update is a set of integer <em>offsets</em> {@code d} from the round's base model on
 * the rule's fixed-point grid: coordinate {@code j} of the update is the code
 * {@code q_j = clamp32(code(base_j) + d_j)} ({@link FixedPoint}), which the exact rule sums as it is. The
 * bytes (little-endian) are an 8-byte header, {@code 'F' 'L' 'U'}, the kind's tag (1 int8, 2 int4, 3 topk)
 * and a 32-bit parameter (the block size, or the top-k fraction in millionths), then every tensor of the
 * schema in name order:
 * <ul>
 *   <li>int8 / int4: per block of {@code B} values (the last may be shorter) one exponent byte {@code e}
 *       in {@code [0, maxExponent]} and the block's codes {@code c} in {@code [-maxCode, maxCode]}, one
 *       byte each (int8) or two per byte, low nibble first, an odd block padded with a zero nibble (int4);
 *       {@code d = c * 2^e}. The exponent is the smallest that holds the block: for {@code e > 0} some
 *       {@code |c|} exceeds {@code maxCode / 2} (rounded down).</li>
 *   <li>topk: {@code k = min(n, max(1, ceil(fraction * n)))} strictly increasing 32-bit indices below
 *       the tensor's size {@code n}, then their {@code k} 32-bit offsets; an offset of zero is allowed only
 *       at list position {@code p} with index {@code p} (the filler for a tensor with fewer than {@code k}
 *       non-zero offsets takes the lowest free indices).</li>
 * </ul>
 * So the schema and the codec fix the exact length, and each content has exactly one byte form (one
 * hash). A scale is stored as its exponent, so it is always finite.
 *
 * <pre>{@code
 * UpdateCodec int8 = UpdateCodec.parse("int8/64");
 * CodedUpdate coded = int8.encode(update, base, 24, UpdateCodec.seed("mnist", 3, trainerId), new double[0]);
 * int8.check(schema, List.of(coded.bytes()));          // what the chaincode runs before storing it
 * FixedPointUpdate codes = int8.decode(coded.bytes(), base, 24);
 * }</pre>
 */
public final class UpdateCodec {
    /** The float32 model encoding: the codec of every task that names none. */
    public static final UpdateCodec FLOAT32 = new UpdateCodec(CodecKind.FLOAT32, 0);
    /** The largest block of a block-scaled codec. */
    public static final int MAX_BLOCK = 4096;
    /** One in a million: the finest top-k fraction. */
    static final int PPM = 1_000_000;

    private static final int HEADER_SIZE = 8;
    private static final byte[] MAGIC = {'F', 'L', 'U'};
    private static final Pattern BLOCK = Pattern.compile("[1-9][0-9]{0,3}");
    private static final Pattern FRACTION = Pattern.compile("1|0\\.[0-9]{0,5}[1-9]");

    private final CodecKind kind;
    /** Block size, or top-k fraction in millionths. */
    private final int parameter;

    private UpdateCodec(CodecKind kind, int parameter) {
        this.kind = kind;
        this.parameter = parameter;
    }

    /**
     * Reads a codec's name: {@code float32}, {@code int8/B}, {@code int4/B} with a block size {@code B}
     * in [1, {@value #MAX_BLOCK}], or {@code topk/F} with a fraction {@code F} in (0, 1] of at most six
     * decimals ({@code topk/0.01}). Only the canonical spelling is read (no leading zeros, no trailing
     * zeros in {@code F}), so one codec has one name.
     *
     * <pre>{@code
     * UpdateCodec.parse("int4/64").kind();   // INT4
     * }</pre>
     *
     * @param name the name
     * @return the codec
     * @throws IllegalArgumentException for anything else, saying what is accepted
     */
    public static UpdateCodec parse(String name) {
        Objects.requireNonNull(name, "name");
        if (name.equals(CodecKind.FLOAT32.wireName())) {
            return FLOAT32;
        }
        int slash = name.indexOf('/');
        String kindName = slash < 0 ? name : name.substring(0, slash);
        String value = slash < 0 ? "" : name.substring(slash + 1);
        for (CodecKind kind : CodecKind.values()) {
            if (kind != CodecKind.FLOAT32 && kind.wireName().equals(kindName)) {
                if (kind.blockScaled() && BLOCK.matcher(value).matches() && Integer.parseInt(value) <= MAX_BLOCK) {
                    return new UpdateCodec(kind, Integer.parseInt(value));
                }
                if (kind == CodecKind.TOPK && FRACTION.matcher(value).matches()) {
                    return new UpdateCodec(kind, new BigDecimal(value).movePointRight(6).intValueExact());
                }
            }
        }
        throw new IllegalArgumentException("unknown codec '" + name + "'; known: float32, int8/B and int4/B (block"
                + " size B in [1, " + MAX_BLOCK + "], such as int8/64), topk/F (fraction F in (0, 1] with at most"
                + " six decimals, such as topk/0.01)");
    }

    /** @return the canonical name, which {@link #parse} reads back to this codec */
    public String name() {
        if (kind.blockScaled()) {
            return kind.wireName() + "/" + parameter;
        }
        if (kind == CodecKind.TOPK) {
            return kind.wireName() + "/" + BigDecimal.valueOf(parameter, 6).stripTrailingZeros().toPlainString();
        }
        return kind.wireName();
    }

    /** @return the kind */
    public CodecKind kind() {
        return kind;
    }

    /** @return the block size of a block-scaled codec, 0 otherwise */
    public int blockSize() {
        return kind.blockScaled() ? parameter : 0;
    }

    /** @return the fraction of each tensor's values a top-k codec keeps, empty otherwise */
    public Optional<BigDecimal> topkFraction() {
        return kind == CodecKind.TOPK ? Optional.of(BigDecimal.valueOf(parameter, 6)) : Optional.empty();
    }

    /**
     * @param elementCount a tensor's size, at least 1
     * @return how many entries a top-k codec keeps of it: {@code min(n, max(1, ceil(fraction * n)))};
     *     {@code n} for the other codecs
     */
    public int keptValues(int elementCount) {
        if (kind != CodecKind.TOPK) {
            return elementCount;
        }
        long k = ((long) elementCount * parameter + PPM - 1) / PPM;
        return (int) Math.min(elementCount, Math.max(1, k));
    }

    /**
     * The exact length of every update of {@code schema} in this codec: a payload of any other length is
     * refused before a byte of it is read.
     *
     * <pre>{@code
     * if (payload.length != codec.encodedSize(schema)) { refuse(); }
     * }</pre>
     *
     * @param schema the task's schema
     * @return the length in bytes
     */
    public long encodedSize(ModelSchema schema) {
        Objects.requireNonNull(schema, "schema");
        if (kind == CodecKind.FLOAT32) {
            return ModelCodec.encodedSize(schema);
        }
        long size = HEADER_SIZE;
        for (TensorSpec spec : schema.tensors()) {
            size += tensorSize(spec.elementCount());
        }
        return size;
    }

    private long tensorSize(int n) {
        if (kind == CodecKind.TOPK) {
            return 8L * keptValues(n);
        }
        long full = n / parameter;
        int rest = n % parameter;
        return full * (1 + codeBytes(parameter)) + (rest > 0 ? 1 + codeBytes(rest) : 0);
    }

    private int codeBytes(int values) {
        return kind == CodecKind.INT8 ? values : (values + 1) / 2;
    }

    /**
     * The seed of an update's stochastic rounding, the same on every machine: the first 8 bytes
     * (big-endian) of the SHA-256 of {@code taskId, 0, round, 0, contributor} in UTF-8.
     *
     * <pre>{@code
     * long seed = UpdateCodec.seed("mnist", 3, "x509::CN=trainer1::CN=ca");
     * }</pre>
     *
     * @param taskId the task
     * @param round the round the update is for
     * @param contributor the trainer's identity id
     * @return the seed
     */
    public static long seed(String taskId, long round, String contributor) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        sha.update(Objects.requireNonNull(taskId, "taskId").getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Long.toString(round).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Objects.requireNonNull(contributor, "contributor").getBytes(StandardCharsets.UTF_8));
        byte[] digest = sha.digest();
        long seed = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            seed = (seed << 8) | (digest[i] & 0xFF);
        }
        return seed;
    }

    /**
     * Encodes {@code update}, trained from {@code base}, in this codec. Per coordinate the target offset is
     * {@code u = update * 2^scaleBits - code(base) + carried} (in units of {@code 2^-scaleBits}); int8
     * and int4 round {@code u / 2^e} stochastically (up with probability equal to its fractional part,
     * from a SplitMix64 stream seeded with {@code seed}, one draw per coordinate in schema order), top-k
     * keeps the {@code k} largest {@code |u|} of each tensor (lower index first on ties) rounded half to
     * even. The same arguments give the same bytes on every machine. For float32 the bytes are
     * {@link ModelCodec#encode(Model)} of {@code update}.
     *
     * @param update the trained model, of the base's schema
     * @param base the round's base model
     * @param scaleBits the exact rule's {@code scale_bits}
     * @param seed from {@link #seed}
     * @param carried the residual of the previous round (error feedback), one value per coordinate, or an
     *     empty array for none
     * @return the bytes and the new residual
     * @throws ModelFormatException {@link FormatError#SCHEMA_MISMATCH} when the update's schema is not the
     *     base's
     * @throws IllegalArgumentException when {@code carried} has neither 0 nor one value per coordinate
     */
    public CodedUpdate encode(Model update, Model base, int scaleBits, long seed, double[] carried) {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(carried, "carried");
        base.schema().check(update);
        long count = base.parameterCount();
        if (carried.length != 0 && carried.length != count) {
            throw new IllegalArgumentException("the carried residual has " + carried.length
                    + " values; the model has " + count);
        }
        FixedPoint format = FixedPoint.of(scaleBits);
        double scale = Math.scalb(1.0, scaleBits);
        double[] residual = new double[Math.toIntExact(count)];
        if (kind == CodecKind.FLOAT32) {
            return new CodedUpdate(ModelCodec.encode(update), residual);
        }
        Output out = new Output(Math.toIntExact(encodedSize(base.schema())));
        out.bytes(MAGIC);
        out.u8(kind.tag());
        out.u32(parameter);
        SplitMix64 random = new SplitMix64(seed);
        int offset = 0;
        for (int t = 0; t < base.tensors().size(); t++) {
            Tensor x = update.tensors().get(t);
            Tensor b = base.tensors().get(t);
            double[] u = new double[x.size()];
            for (int j = 0; j < u.length; j++) {
                u[j] = x.value(j) * scale - format.code(b.value(j)) + (carried.length == 0 ? 0 : carried[offset + j]);
            }
            long[] sent = kind == CodecKind.TOPK ? writeTopk(out, u) : writeBlocks(out, u, random);
            for (int j = 0; j < u.length; j++) {
                residual[offset + j] = u[j] - sent[j];
            }
            offset += u.length;
        }
        return new CodedUpdate(out.finish(), residual);
    }

    /** Writes one tensor's blocks; returns the offsets they hold. */
    private long[] writeBlocks(Output out, double[] u, SplitMix64 random) {
        long[] sent = new long[u.length];
        int max = kind.maxCode();
        for (int start = 0; start < u.length; start += parameter) {
            int len = Math.min(parameter, u.length - start);
            double largest = 0;
            for (int j = start; j < start + len; j++) {
                largest = Math.max(largest, Math.abs(u[j]));
            }
            int e = 0;
            while (e < kind.maxExponent() && largest > Math.scalb((double) max, e)) {
                e++;
            }
            int[] codes = new int[len];
            int biggest = 0;
            for (int j = 0; j < len; j++) {
                double v = Math.scalb(u[start + j], -e);
                double floor = Math.floor(v);
                long c = (long) floor + (random.nextDouble() < v - floor ? 1 : 0);
                codes[j] = (int) Math.max(-max, Math.min(max, c));
                biggest = Math.max(biggest, Math.abs(codes[j]));
            }
            while (e > 0 && biggest <= max / 2) { // the same offsets with a smaller exponent: the canonical form
                e--;
                biggest *= 2;
                for (int j = 0; j < len; j++) {
                    codes[j] *= 2;
                }
            }
            out.u8(e);
            for (int j = 0; j < len; j++) {
                sent[start + j] = (long) codes[j] << e;
                if (kind == CodecKind.INT8) {
                    out.u8(codes[j]);
                } else if (j % 2 == 1) {
                    out.u8((codes[j - 1] & 0xF) | (codes[j] & 0xF) << 4);
                }
            }
            if (kind == CodecKind.INT4 && len % 2 == 1) {
                out.u8(codes[len - 1] & 0xF);
            }
        }
        return sent;
    }

    /** Writes one tensor's top-k entries; returns the offsets they hold. */
    private long[] writeTopk(Output out, double[] u) {
        int n = u.length;
        int k = keptValues(n);
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> {
            int byMagnitude = Double.compare(Math.abs(u[b]), Math.abs(u[a]));
            return byMagnitude != 0 ? byMagnitude : Integer.compare(a, b);
        });
        long[] sent = new long[n];
        boolean[] taken = new boolean[n];
        int nonZero = 0;
        for (int r = 0; r < k; r++) {
            int j = order[r];
            long d = (long) Math.rint(u[j]);
            d = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, d));
            if (d != 0) {
                sent[j] = d;
                taken[j] = true;
                nonZero++;
            }
        }
        for (int j = 0, fillers = k - nonZero; fillers > 0; j++) { // zero entries take the lowest free indices
            if (!taken[j]) {
                taken[j] = true;
                fillers--;
            }
        }
        List<Integer> indices = new ArrayList<>(k);
        for (int j = 0; j < n; j++) {
            if (taken[j]) {
                indices.add(j);
            }
        }
        for (int j : indices) {
            out.u32(j);
        }
        for (int j : indices) {
            out.u32((int) sent[j]);
        }
        return sent;
    }

    /**
     * Checks that bytes given as consecutive chunks are an update of {@code schema} in this codec, as
     * {@link #decode} would, without a base model: the length first (nothing is read when it differs),
     * then the header, then every block or entry. It reads the chunks where they lie, never joining them,
     * and allocates one integer per parameter of the schema. For float32 it is {@link ModelCodec#checkEncoding}.
     *
     * <pre>{@code
     * codec.check(schema, List.of(chunk0, chunk1));
     * }</pre>
     *
     * @param schema the task's schema
     * @param chunks the encoding, split anywhere; not modified and not retained
     * @throws ModelFormatException {@link FormatError#SIZE_MISMATCH} for another length,
     *     {@link FormatError#MALFORMED_ENCODING} for a header that is not this codec's or indices that do
     *     not strictly increase, {@link FormatError#CODE_OUT_OF_RANGE} for an exponent, code or index
     *     beyond its range, {@link FormatError#NON_CANONICAL_ENCODING} for a block exponent larger than
     *     needed, a non-zero int4 padding nibble or a zero top-k offset out of place
     */
    public void check(ModelSchema schema, List<byte[]> chunks) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(chunks, "chunks");
        if (kind == CodecKind.FLOAT32) {
            ModelCodec.checkEncoding(schema, chunks);
            return;
        }
        long size = 0;
        for (byte[] chunk : chunks) {
            size += Objects.requireNonNull(chunk, "chunk").length;
        }
        checkSize(schema, size);
        offsets(schema, new Input(chunks));
    }

    /**
     * Decodes an update strictly (every refusal of {@link #check}) into the codes an exact rule sums:
     * {@code q = clamp32(code(base) + offset)} per coordinate. For float32, the codes of
     * {@link ModelCodec#decode(byte[])}'s model, which must have the base's schema.
     *
     * <pre>{@code
     * FixedPointUpdate codes = codec.decode(payload, base, spec.scaleBits());
     * }</pre>
     *
     * @param bytes the encoding; not modified and not retained
     * @param base the round's base model
     * @param scaleBits the exact rule's {@code scale_bits}
     * @return the codes
     * @throws ModelFormatException as {@link #check}, or as {@link ModelCodec#decode(byte[])} and
     *     {@link ModelSchema#check(Model)} for float32
     */
    public FixedPointUpdate decode(byte[] bytes, Model base, int scaleBits) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(base, "base");
        FixedPoint format = FixedPoint.of(scaleBits);
        ModelSchema schema = base.schema();
        if (kind == CodecKind.FLOAT32) {
            Model model = ModelCodec.decode(bytes, DecodeLimits.of(schema));
            schema.check(model);
            return FixedPointUpdate.of(model, scaleBits);
        }
        checkSize(schema, bytes.length);
        int[][] offsets = offsets(schema, new Input(List.of(bytes)));
        for (int t = 0; t < offsets.length; t++) {
            Tensor b = base.tensors().get(t);
            int[] q = offsets[t];
            for (int j = 0; j < q.length; j++) {
                long code = (long) format.code(b.value(j)) + q[j];
                q[j] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, code));
            }
        }
        return new FixedPointUpdate(schema, scaleBits, offsets);
    }

    private void checkSize(ModelSchema schema, long size) {
        long expected = encodedSize(schema);
        if (size != expected) {
            throw new ModelFormatException(FormatError.SIZE_MISMATCH, "the update has " + size + " bytes; every "
                    + name() + " update of the schema (" + schema.tensors().size() + " tensors, "
                    + schema.parameterCount() + " parameters) encodes to exactly " + expected + " bytes");
        }
    }

    /** Reads every tensor's offsets from bytes of the exact length, refusing anything non-canonical. */
    private int[][] offsets(ModelSchema schema, Input in) {
        boolean header = in.u8() == MAGIC[0] && in.u8() == MAGIC[1] && in.u8() == MAGIC[2];
        int tag = in.u8();
        long value = in.u32() & 0xFFFF_FFFFL;
        if (!header || tag != kind.tag() || value != parameter) {
            throw new ModelFormatException(FormatError.MALFORMED_ENCODING, "the header (bytes 0-7) is not that of a "
                    + name() + " update: expected 'FLU', kind " + kind.tag() + " and parameter " + parameter);
        }
        List<TensorSpec> specs = schema.tensors();
        int[][] offsets = new int[specs.size()][];
        for (int t = 0; t < offsets.length; t++) {
            TensorSpec spec = specs.get(t);
            offsets[t] = kind == CodecKind.TOPK ? readTopk(in, spec) : readBlocks(in, spec);
        }
        return offsets;
    }

    private int[] readBlocks(Input in, TensorSpec spec) {
        int[] d = new int[spec.elementCount()];
        int max = kind.maxCode();
        for (int start = 0; start < d.length; start += parameter) {
            int len = Math.min(parameter, d.length - start);
            int blockAt = in.pos;
            int e = in.u8();
            if (e > kind.maxExponent()) {
                throw new ModelFormatException(FormatError.CODE_OUT_OF_RANGE, "tensor '" + spec.name() + "' block at byte "
                        + blockAt + " has scale exponent " + e + "; " + kind.wireName() + " allows 0 to "
                        + kind.maxExponent());
            }
            int biggest = 0;
            int packed = 0;
            for (int j = 0; j < len; j++) {
                int c;
                if (kind == CodecKind.INT8) {
                    c = (byte) in.u8();
                } else {
                    packed = j % 2 == 0 ? in.u8() : packed;
                    c = (j % 2 == 0 ? packed << 28 : packed << 24) >> 28;
                }
                if (c < -max) {
                    throw new ModelFormatException(FormatError.CODE_OUT_OF_RANGE, "tensor '" + spec.name() + "' value "
                            + (start + j) + " has code " + c + "; " + kind.wireName() + " codes are in [-" + max + ", "
                            + max + "]");
                }
                biggest = Math.max(biggest, Math.abs(c));
                d[start + j] = c << e;
            }
            if (kind == CodecKind.INT4 && len % 2 == 1 && (packed & 0xF0) != 0) {
                throw new ModelFormatException(FormatError.NON_CANONICAL_ENCODING, "tensor '" + spec.name()
                        + "' block at byte " + blockAt + " has a non-zero padding nibble at byte " + (in.pos - 1));
            }
            if (e > 0 && biggest <= max / 2) {
                throw new ModelFormatException(FormatError.NON_CANONICAL_ENCODING, "tensor '" + spec.name()
                        + "' block at byte " + blockAt + " has exponent " + e + " but its largest code is " + biggest
                        + "; the canonical exponent is the smallest that holds the block");
            }
        }
        return d;
    }

    private int[] readTopk(Input in, TensorSpec spec) {
        int n = spec.elementCount();
        int k = keptValues(n);
        int[] indices = new int[k];
        int listAt = in.pos;
        for (int p = 0; p < k; p++) {
            long index = in.u32() & 0xFFFF_FFFFL;
            if (index >= n) {
                throw new ModelFormatException(FormatError.CODE_OUT_OF_RANGE, "tensor '" + spec.name() + "' entry " + p
                        + " has index " + index + "; the tensor has " + n + " values");
            }
            if (p > 0 && index <= indices[p - 1]) {
                throw new ModelFormatException(FormatError.MALFORMED_ENCODING, "tensor '" + spec.name() + "' entry " + p
                        + " has index " + index + " after " + indices[p - 1] + " (list at byte " + listAt
                        + "); indices must strictly increase");
            }
            indices[p] = (int) index;
        }
        int[] d = new int[n];
        for (int p = 0; p < k; p++) {
            int value = in.u32();
            if (value == 0 && indices[p] != p) {
                throw new ModelFormatException(FormatError.NON_CANONICAL_ENCODING, "tensor '" + spec.name() + "' entry " + p
                        + " has offset 0 at index " + indices[p] + "; a zero entry must take the lowest free index");
            }
            d[indices[p]] = value;
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdateCodec other && kind == other.kind && parameter == other.parameter;
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + parameter;
    }

    @Override
    public String toString() {
        return "UpdateCodec{" + name() + "}";
    }

    /** Little-endian writer into an array of the exact size. */
    private static final class Output {
        private final byte[] bytes;
        private int pos;

        Output(int size) {
            bytes = new byte[size];
        }

        void bytes(byte[] b) {
            System.arraycopy(b, 0, bytes, pos, b.length);
            pos += b.length;
        }

        void u8(int b) {
            bytes[pos++] = (byte) b;
        }

        void u32(int v) {
            for (int i = 0; i < 4; i++) {
                bytes[pos++] = (byte) (v >>> (8 * i));
            }
        }

        byte[] finish() {
            if (pos != bytes.length) {
                throw new IllegalStateException("wrote " + pos + " of " + bytes.length + " bytes");
            }
            return bytes;
        }
    }

    /**
     * Little-endian reader over consecutive chunks, without joining them; the caller has checked the exact
     * length, so it never runs past the end.
     */
    private static final class Input {
        private final List<byte[]> chunks;
        private int chunk;
        private int at;
        /** Bytes read so far: the offset in the whole encoding. */
        private int pos;

        Input(List<byte[]> chunks) {
            this.chunks = chunks;
        }

        int u8() {
            while (at == chunks.get(chunk).length) {
                chunk++;
                at = 0;
            }
            pos++;
            return chunks.get(chunk)[at++] & 0xFF;
        }

        int u32() {
            return u8() | u8() << 8 | u8() << 16 | u8() << 24;
        }
    }

    /** SplitMix64 (Steele, Lea and Flood), written out so that no library version changes the stream. */
    private static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            state = seed;
        }

        /** @return a double in [0, 1) from the top 53 bits of the next value */
        double nextDouble() {
            state += 0x9E37_79B9_7F4A_7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
            z = z ^ (z >>> 31);
            return (z >>> 11) * 0x1.0p-53;
        }
    }
}
