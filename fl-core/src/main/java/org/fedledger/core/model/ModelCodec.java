package org.fedledger.core.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The canonical byte encoding of a {@link Model}: the bytes that are stored, hashed and compared
 * on the ledger. Same weights, same bytes, same hash, on every machine.
 *
 * <p>The bytes are a protobuf {@code fedledger.Model} message (schema in
 * {@code fl-core/src/main/proto/fedledger/model.proto}), written in one canonical form: tensors
 * sorted by name; inside each tensor the fields in number order (name, packed shape, dtype, data);
 * shape omitted only for a scalar; dtype always {@code FLOAT32}; data as little-endian float32 in
 * row-major order; every varint minimal. Any protobuf library reads these bytes, and protobuf-java
 * writes exactly the same bytes for the same message.
 *
 * <p>{@link #decode(byte[])} accepts the canonical form only. What it refuses, always with a
 * {@link ModelFormatException} and never with any other exception:
 * <ul>
 *   <li>{@link FormatError#EMPTY_MODEL}: no tensors, including empty input (zero bytes are a
 *       well-formed protobuf message with no tensors);</li>
 *   <li>{@link FormatError#MALFORMED_ENCODING}: not protobuf of this schema: truncated, a length
 *       beyond the end of its message, a bad or unexpected wire type, an unknown field, a name that
 *       is not UTF-8, a missing name or dtype, a dtype other than {@code FLOAT32}; the message gives
 *       the byte offset;</li>
 *   <li>{@link FormatError#SHAPE_MISMATCH}: data length not a multiple of 4, or not 4 times the
 *       element count of the shape;</li>
 *   <li>{@link FormatError#INVALID_NAME}, {@link FormatError#INVALID_SHAPE},
 *       {@link FormatError#DUPLICATE_TENSOR}, {@link FormatError#NON_FINITE_VALUE}: well-formed,
 *       but not a valid model;</li>
 *   <li>{@link FormatError#NON_CANONICAL_ENCODING}: a valid model, but encoding it again does not
 *       give the input bytes (unsorted tensors, fields out of order or repeated, unpacked or empty
 *       packed shape, non-minimal varints).</li>
 * </ul>
 * The checks run in that order: well-formedness, then validity, then canonical form.
 *
 * <pre>{@code
 * byte[] bytes = ModelCodec.encode(model);
 * ContentHash hash = ModelCodec.hash(model);    // SHA-256 of exactly these bytes
 * Model back = ModelCodec.decode(bytes);        // equals(model); ModelFormatException if bad
 * }</pre>
 */
public final class ModelCodec {
    /** Protobuf wire types used by the schema. */
    private static final int VARINT = 0;
    private static final int I64 = 1;
    private static final int LEN = 2;
    private static final int I32 = 5;

    /** Model.tensors = 1, length-delimited. */
    private static final int TAG_MODEL_TENSOR = (1 << 3) | LEN;
    /** Tensor.name = 1, length-delimited. */
    private static final int TAG_NAME = (1 << 3) | LEN;
    /** Tensor.shape = 2, packed (length-delimited). */
    private static final int TAG_SHAPE_PACKED = (2 << 3) | LEN;
    /** Tensor.dtype = 3, varint. */
    private static final int TAG_DTYPE = (3 << 3) | VARINT;
    /** Tensor.data = 4, length-delimited. */
    private static final int TAG_DATA = (4 << 3) | LEN;

    /** DType.FLOAT32. */
    private static final int DTYPE_FLOAT32 = 1;

    /** Largest array the JVM reliably allocates. */
    private static final long MAX_ENCODED_SIZE = Integer.MAX_VALUE - 8;

    /** Upper bound of a tensor's bytes before its data: tags, lengths, a 128-char name, 8 dims. */
    private static final int MAX_HEADER_SIZE = 1 + 5 + 1 + 2 + TensorSpec.MAX_NAME_LENGTH + 1 + 1
            + TensorSpec.MAX_RANK * 5 + 2 + 1 + 5;

    private ModelCodec() {
    }

    /**
     * Encodes a model in canonical form.
     *
     * <pre>{@code
     * byte[] bytes = ModelCodec.encode(Model.of(List.of(Tensor.of("b", new int[] {1}, new float[] {0.5f}))));
     * }</pre>
     *
     * @param model the model to check or encode
     * @return the canonical bytes, a new array
     * @throws ModelFormatException {@link FormatError#TOO_LARGE} when the encoding would not fit in
     *     one Java array (2 GiB)
     */
    public static byte[] encode(Model model) {
        Objects.requireNonNull(model, "model");
        byte[] out = new byte[encodedSize(model)];
        int pos = 0;
        for (Tensor t : model.tensors()) {
            pos = writeHeader(out, pos, t.spec());
            float[] values = t.valuesView();
            ByteBuffer.wrap(out, pos, values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().put(values);
            pos += values.length * Float.BYTES;
        }
        return out;
    }

    /**
     * The length of {@link #encode(Model)}'s result, computed without encoding.
     *
     * <pre>{@code
     * if (ModelCodec.encodedSize(model) > task.maxPayloadBytes()) { ... }
     * }</pre>
     *
     * @param model the model to check or encode
     * @return the number of bytes of the canonical encoding
     * @throws ModelFormatException {@link FormatError#TOO_LARGE} when that exceeds 2 GiB
     */
    public static int encodedSize(Model model) {
        Objects.requireNonNull(model, "model");
        long total = 0;
        for (Tensor t : model.tensors()) {
            long body = tensorBodySize(t.spec());
            total += 1 + varintSize(body) + body;
            if (total > MAX_ENCODED_SIZE) {
                throw new ModelFormatException(FormatError.TOO_LARGE, "the model has " + model.parameterCount()
                        + " parameters; its encoding would exceed " + MAX_ENCODED_SIZE + " bytes");
            }
        }
        return (int) total;
    }

    /**
     * The exact length of the canonical encoding of every model of {@code schema}. The schema fixes
     * names, shapes and so every byte but the float data, whose length it fixes too: two models of
     * one schema always encode to the same number of bytes. A payload of any other length is refused
     * before a byte of it is decoded.
     *
     * <pre>{@code
     * long expected = ModelCodec.encodedSize(task.schema());
     * if (payload.length != expected) { refuse(); }
     * }</pre>
     *
     * @param schema the schema
     * @return the length in bytes of {@code encode(m)} for any model {@code m} of the schema (it may
     *     exceed what one Java array holds; then no such model can be encoded)
     */
    public static long encodedSize(ModelSchema schema) {
        Objects.requireNonNull(schema, "schema");
        long total = 0;
        for (TensorSpec spec : schema.tensors()) {
            long body = tensorBodySize(spec);
            total += 1 + varintSize(body) + body;
        }
        return total;
    }

    /**
     * Checks, without decoding, that bytes given as consecutive chunks are the canonical encoding of
     * a finite model of {@code schema}: the length first (nothing is read when it differs), then every
     * byte but the float data against the bytes the schema fixes, then every value for NaN and
     * infinity. It allocates nothing in proportion to the input and never joins the chunks, so a
     * transaction that checks a payload holds no second copy of it. Only when the non-data bytes
     * differ from the schema's does it decode the input (within {@link DecodeLimits#of(ModelSchema)},
     * so at most one model of the schema is built) to say what is wrong.
     *
     * <pre>{@code
     * ModelCodec.checkEncoding(schema, List.of(chunk0, chunk1)); // same verdict as decode + schema.check
     * }</pre>
     *
     * @param schema the schema the model must have
     * @param chunks the encoding, split anywhere; not modified and not retained
     * @throws ModelFormatException {@link FormatError#SIZE_MISMATCH} for any other length;
     *     {@link FormatError#NON_FINITE_VALUE} for NaN or infinity; when the non-data bytes differ,
     *     the code {@link #decode(byte[], DecodeLimits)} or {@link ModelSchema#check(Model)} gives
     *     ({@link FormatError#SCHEMA_MISMATCH}, {@link FormatError#MALFORMED_ENCODING},
     *     {@link FormatError#NON_CANONICAL_ENCODING}, ...)
     */
    public static void checkEncoding(ModelSchema schema, List<byte[]> chunks) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(chunks, "chunks");
        long size = 0;
        for (byte[] chunk : chunks) {
            size += Objects.requireNonNull(chunk, "chunk").length;
        }
        long expected = encodedSize(schema);
        if (size != expected) {
            throw new ModelFormatException(FormatError.SIZE_MISMATCH, "the encoding has " + size
                    + " bytes; every model of the schema (" + schema.tensors().size() + " tensors, "
                    + schema.parameterCount() + " parameters) encodes to exactly " + expected + " bytes");
        }
        ChunkCursor in = new ChunkCursor(chunks);
        byte[] header = new byte[MAX_HEADER_SIZE];
        for (TensorSpec spec : schema.tensors()) {
            int headerLength = writeHeader(header, 0, spec);
            if (!in.matches(header, headerLength)) {
                throw diagnose(schema, chunks, size);
            }
            for (int i = 0; i < spec.elementCount(); i++) {
                int bits = in.nextIntLittleEndian();
                if ((bits & 0x7F80_0000) == 0x7F80_0000) {
                    throw new ModelFormatException(FormatError.NON_FINITE_VALUE, "tensor '" + spec.name() + "' has "
                            + Float.intBitsToFloat(bits) + " at index " + i + "; only finite values are allowed");
                }
            }
        }
    }

    /** Says why bytes of the right length are not a model of the schema: decoding them names the fault. */
    private static ModelFormatException diagnose(ModelSchema schema, List<byte[]> chunks, long size) {
        byte[] all = new byte[Math.toIntExact(size)];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        try {
            schema.check(decode(all, DecodeLimits.of(schema)));
        } catch (ModelFormatException e) {
            if (e.code() == FormatError.TOO_LARGE) {
                return new ModelFormatException(FormatError.SCHEMA_MISMATCH, e.getMessage()
                        + "; the schema has " + schema.tensors().size() + " tensors and " + schema.parameterCount()
                        + " parameters");
            }
            return e;
        }
        // Unreachable: a canonical model of the schema has exactly the schema's non-data bytes.
        return new ModelFormatException(FormatError.NON_CANONICAL_ENCODING,
                "the encoding's non-data bytes differ from the schema's canonical form");
    }

    /**
     * The content hash of a model: the SHA-256 of its canonical encoding.
     *
     * <pre>{@code
     * ContentHash hash = ModelCodec.hash(model); // equals ContentHash.of(ModelCodec.encode(model))
     * }</pre>
     *
     * @param model the model to check or encode
     * @return {@code ContentHash.of(encode(model))}
     * @throws ModelFormatException {@link FormatError#TOO_LARGE} as {@link #encode(Model)}
     */
    public static ContentHash hash(Model model) {
        return ContentHash.of(encode(model));
    }

    /**
     * Decodes canonical bytes into a model. Only the exact bytes {@link #encode(Model)} produces for
     * some model are accepted; see the class description for every refusal and its code.
     *
     * <pre>{@code
     * try {
     *     Model model = ModelCodec.decode(payload);
     * } catch (ModelFormatException e) {
     *     refuse(e.code(), e.getMessage());
     * }
     * }</pre>
     *
     * @param bytes the encoding; not modified and not retained
     * @return the model
     * @throws ModelFormatException with {@link FormatError#EMPTY_MODEL},
     *     {@link FormatError#MALFORMED_ENCODING}, {@link FormatError#SHAPE_MISMATCH},
     *     {@link FormatError#INVALID_NAME}, {@link FormatError#INVALID_SHAPE},
     *     {@link FormatError#DUPLICATE_TENSOR}, {@link FormatError#NON_FINITE_VALUE} or
     *     {@link FormatError#NON_CANONICAL_ENCODING}
     */
    public static Model decode(byte[] bytes) {
        return decode(bytes, DecodeLimits.UNLIMITED);
    }

    /**
     * Decodes as {@link #decode(byte[])}, building no more than {@code limits} allow: before it reads
     * a tensor beyond {@link DecodeLimits#maxTensors()}, or allocates the values of one that would
     * take the total beyond {@link DecodeLimits#maxElements()}, it stops with
     * {@link FormatError#TOO_LARGE}. What it allocates is then bounded by the limits, whatever the
     * input's length. Use it with the schema the model must have.
     *
     * <pre>{@code
     * Model update = ModelCodec.decode(payload, DecodeLimits.of(schema));
     * schema.check(update);
     * }</pre>
     *
     * @param bytes the encoding; not modified and not retained
     * @param limits the most tensors and values to build
     * @return the model
     * @throws ModelFormatException {@link FormatError#TOO_LARGE} beyond the limits, or any code of
     *     {@link #decode(byte[])}
     */
    public static Model decode(byte[] bytes, DecodeLimits limits) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(limits, "limits");
        if (bytes.length == 0) {
            throw new ModelFormatException(FormatError.EMPTY_MODEL,
                    "the encoding is empty (0 bytes); a model needs at least one tensor");
        }
        Reader in = new Reader(bytes);
        List<Tensor> tensors = new ArrayList<>();
        List<Integer> dataOffsets = new ArrayList<>();
        long elementsLeft = limits.maxElements();
        while (in.pos < bytes.length) {
            int fieldStart = in.pos;
            if (tensors.size() == limits.maxTensors()) {
                throw new ModelFormatException(FormatError.TOO_LARGE, "the encoding holds more than "
                        + limits.maxTensors() + " tensors (the next one at byte " + fieldStart + ")");
            }
            long tag = in.varint("field tag of Model");
            int field = fieldNumber(tag, fieldStart);
            int wireType = (int) (tag & 7);
            if (field != 1) {
                throw unknownField("Model", field, wireType, fieldStart);
            }
            if (wireType != LEN) {
                throw badWireType("Model.tensors", wireType, LEN, fieldStart);
            }
            int length = in.length("Model.tensors", bytes.length);
            int start = in.pos;
            in.pos += length;
            elementsLeft -= readTensor(bytes, start, start + length, fieldStart, tensors, dataOffsets, elementsLeft,
                    limits);
        }
        Model model = Model.of(tensors);
        checkCanonical(bytes, model, tensors, dataOffsets);
        return model;
    }

    /** Reads one tensor, allocating its values only within {@code elementsLeft}; returns its element count. */
    private static int readTensor(byte[] bytes, int start, int end, int fieldStart, List<Tensor> tensors,
            List<Integer> dataOffsets, long elementsLeft, DecodeLimits limits) {
        Reader in = new Reader(bytes);
        in.pos = start;
        String where = "tensor " + tensors.size() + " (Model.tensors at byte " + fieldStart + ")";
        String name = null;
        long[] shape = new long[TensorSpec.MAX_RANK];
        int rank = 0;
        long dtype = -1;
        int dtypeOffset = -1;
        int dataOffset = start;
        int dataLength = 0;
        while (in.pos < end) {
            int fieldOffset = in.pos;
            long tag = in.varintWithin(end, "field tag of " + where);
            int field = fieldNumber(tag, fieldOffset);
            int wireType = (int) (tag & 7);
            switch (field) {
                case 1 -> {
                    expectWireType("Tensor.name of " + where, wireType, LEN, fieldOffset);
                    int length = in.length("Tensor.name of " + where, end);
                    name = utf8(bytes, in.pos, length, where);
                    in.pos += length;
                }
                case 2 -> {
                    if (wireType == LEN) {
                        int length = in.length("Tensor.shape of " + where, end);
                        int shapeEnd = in.pos + length;
                        while (in.pos < shapeEnd) {
                            int dimOffset = in.pos;
                            rank = addDimension(shape, rank,
                                    in.varintWithin(shapeEnd, "packed Tensor.shape of " + where), where, dimOffset);
                        }
                    } else if (wireType == VARINT) {
                        int dimOffset = in.pos;
                        rank = addDimension(shape, rank, in.varintWithin(end, "Tensor.shape of " + where), where,
                                dimOffset);
                    } else {
                        throw badWireType("Tensor.shape of " + where, wireType, LEN, fieldOffset);
                    }
                }
                case 3 -> {
                    expectWireType("Tensor.dtype of " + where, wireType, VARINT, fieldOffset);
                    dtypeOffset = in.pos;
                    dtype = in.varintWithin(end, "Tensor.dtype of " + where);
                }
                case 4 -> {
                    expectWireType("Tensor.data of " + where, wireType, LEN, fieldOffset);
                    dataLength = in.length("Tensor.data of " + where, end);
                    dataOffset = in.pos;
                    in.pos += dataLength;
                }
                default -> throw unknownField("Tensor of " + where, field, wireType, fieldOffset);
            }
        }
        if (name == null) {
            throw malformed(where + " has no name field (field 1)", start);
        }
        where = "tensor '" + name + "' (Model.tensors at byte " + fieldStart + ")";
        if (dtype == -1) {
            throw malformed(where + " has no dtype field (field 3); FLOAT32 (1) is required", start);
        }
        if (dtype != DTYPE_FLOAT32) {
            throw malformed(where + " has dtype " + Long.toUnsignedString(dtype)
                    + (dtype == 0 ? " (DTYPE_UNSPECIFIED)" : " (unknown)") + "; only FLOAT32 (1) is supported",
                    dtypeOffset);
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                throw new ModelFormatException(FormatError.INVALID_SHAPE, where + " has dimension "
                        + shape[i] + "; every dimension must be between 1 and " + Integer.MAX_VALUE);
            }
            dims[i] = (int) shape[i];
        }
        TensorSpec spec = TensorSpec.of(name, dims);
        if (dataLength % Float.BYTES != 0) {
            throw new ModelFormatException(FormatError.SHAPE_MISMATCH, where + " has " + dataLength
                    + " data bytes at byte " + dataOffset + ", not a multiple of 4 (float32)");
        }
        if (dataLength / Float.BYTES != spec.elementCount()) {
            throw new ModelFormatException(FormatError.SHAPE_MISMATCH, where + " has shape " + Arrays.toString(dims)
                    + " (" + spec.elementCount() + " values, " + 4L * spec.elementCount() + " bytes) but "
                    + dataLength + " data bytes at byte " + dataOffset);
        }
        if (spec.elementCount() > elementsLeft) {
            throw new ModelFormatException(FormatError.TOO_LARGE, where + " takes the model beyond "
                    + limits.maxElements() + " values");
        }
        float[] values = new float[spec.elementCount()];
        ByteBuffer.wrap(bytes, dataOffset, dataLength).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        tensors.add(Tensor.ofOwned(spec, values));
        dataOffsets.add(dataOffset);
        return spec.elementCount();
    }

    /**
     * Checks that encoding {@code model} reproduces {@code bytes}, without re-encoding the data: every
     * byte except the data is written again and compared, and each tensor's data must be the very
     * bytes its values were read from, at the position the canonical form puts them.
     */
    private static void checkCanonical(byte[] bytes, Model model, List<Tensor> decoded, List<Integer> dataOffsets) {
        for (int i = 0; i < decoded.size(); i++) {
            if (model.tensors().get(i) != decoded.get(i)) {
                throw new ModelFormatException(FormatError.NON_CANONICAL_ENCODING, "tensor '" + decoded.get(i).name()
                        + "' is out of order; tensors must be sorted by name, and '" + model.tensors().get(i).name()
                        + "' comes first");
            }
        }
        byte[] header = new byte[MAX_HEADER_SIZE];
        int pos = 0;
        for (int i = 0; i < decoded.size(); i++) {
            Tensor t = decoded.get(i);
            int headerLength = writeHeader(header, 0, t.spec());
            int comparable = Math.min(headerLength, bytes.length - pos);
            int mismatch = Arrays.mismatch(header, 0, comparable, bytes, pos, pos + comparable);
            if (mismatch < 0 && comparable < headerLength) {
                mismatch = comparable;
            }
            if (mismatch >= 0 || pos + headerLength != dataOffsets.get(i)) {
                int at = pos + (mismatch >= 0 ? mismatch : headerLength);
                throw new ModelFormatException(FormatError.NON_CANONICAL_ENCODING, "tensor '" + t.name()
                        + "' is not in canonical form from byte " + at + " (fields out of order or repeated,"
                        + " unpacked or empty shape, or a non-minimal varint); re-encode it with ModelCodec.encode");
            }
            pos += headerLength + t.size() * Float.BYTES;
        }
        if (pos != bytes.length) {
            throw new ModelFormatException(FormatError.NON_CANONICAL_ENCODING,
                    "the canonical encoding ends at byte " + pos + " but the input has " + bytes.length + " bytes");
        }
    }

    // ---- writing

    private static long tensorBodySize(TensorSpec spec) {
        int nameLength = spec.name().length(); // names are ASCII: one byte per character
        long size = 1 + varintSize(nameLength) + nameLength;
        long shapeLength = packedShapeSize(spec);
        if (shapeLength > 0) {
            size += 1 + varintSize(shapeLength) + shapeLength;
        }
        size += 2; // dtype tag and FLOAT32
        long dataLength = (long) spec.elementCount() * Float.BYTES;
        size += 1 + varintSize(dataLength) + dataLength;
        return size;
    }

    private static int packedShapeSize(TensorSpec spec) {
        int size = 0;
        for (int i = 0; i < spec.rank(); i++) {
            size += varintSize(spec.dimension(i));
        }
        return size;
    }

    /** Writes everything of one Model.tensors entry up to its data bytes; returns the new position. */
    private static int writeHeader(byte[] out, int pos, TensorSpec spec) {
        String name = spec.name();
        out[pos++] = TAG_MODEL_TENSOR;
        pos = writeVarint(out, pos, tensorBodySize(spec));
        out[pos++] = TAG_NAME;
        pos = writeVarint(out, pos, name.length());
        for (int i = 0; i < name.length(); i++) {
            out[pos++] = (byte) name.charAt(i);
        }
        int shapeLength = packedShapeSize(spec);
        if (shapeLength > 0) {
            out[pos++] = TAG_SHAPE_PACKED;
            pos = writeVarint(out, pos, shapeLength);
            for (int i = 0; i < spec.rank(); i++) {
                pos = writeVarint(out, pos, spec.dimension(i));
            }
        }
        out[pos++] = TAG_DTYPE;
        out[pos++] = DTYPE_FLOAT32;
        out[pos++] = TAG_DATA;
        return writeVarint(out, pos, (long) spec.elementCount() * Float.BYTES);
    }

    private static int writeVarint(byte[] out, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            out[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[pos++] = (byte) value;
        return pos;
    }

    private static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            size++;
            value >>>= 7;
        }
        return size;
    }

    // ---- reading helpers

    private static int addDimension(long[] shape, int rank, long dimension, String where, int offset) {
        if (rank == TensorSpec.MAX_RANK) {
            throw new ModelFormatException(FormatError.INVALID_SHAPE, where + " has more than " + TensorSpec.MAX_RANK
                    + " dimensions (at byte " + offset + ")");
        }
        shape[rank] = dimension;
        return rank + 1;
    }

    private static int fieldNumber(long tag, int offset) {
        long field = tag >>> 3;
        if (field == 0 || field > 0x1FFF_FFFFL) {
            throw malformed("field number " + Long.toUnsignedString(field) + " is not a valid protobuf field number",
                    offset);
        }
        return (int) field;
    }

    private static void expectWireType(String what, int wireType, int expected, int offset) {
        if (wireType != expected) {
            throw badWireType(what, wireType, expected, offset);
        }
    }

    private static ModelFormatException badWireType(String what, int wireType, int expected, int offset) {
        return malformed(what + " has wire type " + wireType + " (" + wireTypeName(wireType) + "); expected "
                + expected + " (" + wireTypeName(expected) + ")", offset);
    }

    private static ModelFormatException unknownField(String message, int field, int wireType, int offset) {
        return malformed("unknown field " + field + " (wire type " + wireType + ", " + wireTypeName(wireType) + ") in "
                + message, offset);
    }

    private static String wireTypeName(int wireType) {
        return switch (wireType) {
            case VARINT -> "varint";
            case I64 -> "64-bit";
            case LEN -> "length-delimited";
            case 3 -> "start group";
            case 4 -> "end group";
            case I32 -> "32-bit";
            default -> "invalid";
        };
    }

    private static String utf8(byte[] bytes, int offset, int length, String where) {
        boolean ascii = true;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, offset, length, StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw malformed("Tensor.name of " + where + " is not valid UTF-8", offset);
        }
    }

    private static ModelFormatException malformed(String message, int offset) {
        return new ModelFormatException(FormatError.MALFORMED_ENCODING, message + " at byte " + offset);
    }

    /** Reads consecutive chunks as one sequence of bytes, without joining them. */
    private static final class ChunkCursor {
        private final List<byte[]> chunks;
        private int chunk;
        private int pos;

        ChunkCursor(List<byte[]> chunks) {
            this.chunks = chunks;
        }

        private byte next() {
            while (pos == chunks.get(chunk).length) {
                chunk++;
                pos = 0;
            }
            return chunks.get(chunk)[pos++];
        }

        /** Whether the next {@code length} bytes equal {@code expected}'s first ones; consumes them. */
        boolean matches(byte[] expected, int length) {
            boolean same = true;
            for (int i = 0; i < length; i++) {
                same &= next() == expected[i];
            }
            return same;
        }

        int nextIntLittleEndian() {
            byte[] current = chunks.get(chunk);
            if (current.length - pos >= Integer.BYTES) {
                int value = (current[pos] & 0xFF) | (current[pos + 1] & 0xFF) << 8 | (current[pos + 2] & 0xFF) << 16
                        | (current[pos + 3] & 0xFF) << 24;
                pos += Integer.BYTES;
                return value;
            }
            return (next() & 0xFF) | (next() & 0xFF) << 8 | (next() & 0xFF) << 16 | (next() & 0xFF) << 24;
        }
    }

    /** A cursor over the input that never reads past a given end. */
    private static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long varint(String what) {
            return varintWithin(bytes.length, what);
        }

        /** Reads a varint of at most 10 bytes that ends before {@code end}. */
        long varintWithin(int end, String what) {
            int start = pos;
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw malformed("truncated varint (" + what + ") starting", start);
                }
                byte b = bytes[pos++];
                if (shift == 63 && (b & 0xFE) != 0) {
                    throw malformed("varint (" + what + ") overflows 64 bits starting", start);
                }
                result |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw malformed("varint (" + what + ") longer than 10 bytes starting", start);
        }

        /** Reads a length prefix and checks that many bytes remain before {@code end}. */
        int length(String what, int end) {
            int start = pos;
            long length = varintWithin(end, "length of " + what);
            if (length < 0 || length > end - pos) {
                throw malformed("truncated: " + what + " declares " + Long.toUnsignedString(length)
                        + " bytes but only " + (end - pos) + " remain; length prefix", start);
            }
            return (int) length;
        }
    }
}
