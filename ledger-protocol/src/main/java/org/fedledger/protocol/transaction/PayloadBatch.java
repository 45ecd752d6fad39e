package org.fedledger.protocol.transaction;

import com.google.gson.JsonElement;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.fedledger.core.json.CanonicalJson;

/**
 * Several payloads in one query's response, and the list of identity ids that asks for them. Each
 * query on Fabric is a proposal its client signs and its peer verifies and runs: an aggregator or a
 * verifier reading a round's hundred updates one by one pays that a hundred times, where one batch
 * query pays it once.
 *
 * <p>The response is a prefix of the asked list, in its order: the chaincode adds payloads until the
 * next would take the response past {@link #MAX_RESPONSE_BYTES}, but always at least one, so a reader
 * asks again from where the answer stopped. Its bytes are a 4-byte big-endian count, then per payload
 * a 4-byte big-endian length and the bytes; {@link #decode} refuses anything else. Each payload is
 * still checked by its reader against its record's hash.
 *
 * <pre>{@code
 * String ids = PayloadBatch.idsArgument(List.of(alice, bob));      // the query's argument
 * List<byte[]> first = PayloadBatch.decode(response, 2);           // alice's, maybe bob's
 * }</pre>
 */
public final class PayloadBatch {
    /** Most bytes of payloads in one response (a single payload may be larger, and then comes alone): 16 MiB. */
    public static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
    /** Most ids one query may ask for. */
    public static final int MAX_IDS = 1024;

    private PayloadBatch() {
    }

    /**
     * @param ids the identity ids whose payloads a query asks for, in the order wanted (1 to {@link #MAX_IDS})
     * @return the query's argument: a canonical JSON array of the ids
     */
    public static String idsArgument(List<String> ids) {
        if (ids.isEmpty() || ids.size() > MAX_IDS) {
            throw new IllegalArgumentException("a batch asks for 1 to " + MAX_IDS + " payloads, not " + ids.size());
        }
        return CanonicalJson.toJson(ids);
    }

    /**
     * Reads a query's argument strictly.
     *
     * @param json the argument as sent
     * @return the ids, in order
     * @throws IllegalArgumentException naming what is wrong: not a JSON array of 1 to {@link #MAX_IDS}
     *     distinct strings
     */
    public static List<String> parseIds(String json) {
        JsonElement tree = CanonicalJson.parse(json);
        if (!tree.isJsonArray() || tree.getAsJsonArray().isEmpty() || tree.getAsJsonArray().size() > MAX_IDS) {
            throw new IllegalArgumentException("must be a JSON array of 1 to " + MAX_IDS + " identity ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonElement e : tree.getAsJsonArray()) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("element " + ids.size() + " is not a string");
            }
            String id = e.getAsString();
            if (ids.contains(id)) {
                throw new IllegalArgumentException("'" + id + "' is asked for twice");
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    /**
     * A response to a batch query: for each asked id in order, its record, then, while the record's size
     * still fits, its payload.
     *
     * @param ids the asked ids
     * @param record an id's record (throws when there is none)
     * @param size a record's payload size
     * @param payload a record's payload, read and checked
     * @param <R> the record type
     * @return the response bytes
     */
    public static <R> byte[] collect(List<String> ids, Function<String, R> record, ToLongFunction<R> size,
            Function<R, byte[]> payload) {
        Builder batch = new Builder();
        for (String id : ids) {
            R r = record.apply(id);
            if (!batch.fits(size.applyAsLong(r))) {
                break;
            }
            batch.add(payload.apply(r));
        }
        return batch.build();
    }

    /** Builds a response: payloads in order, while they fit. */
    public static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int count;
        private long bytes;

        /**
         * @param size the next payload's length
         * @return whether it still goes into this response (always, when it would be the first)
         */
        public boolean fits(long size) {
            return count == 0 || bytes + size <= MAX_RESPONSE_BYTES;
        }

        /**
         * @param payload the next payload
         * @return this builder
         */
        public Builder add(byte[] payload) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
            out.writeBytes(payload);
            bytes += payload.length;
            count++;
            return this;
        }

        /** @return the response bytes */
        public byte[] build() {
            byte[] body = out.toByteArray();
            return ByteBuffer.allocate(4 + body.length).putInt(count).put(body).array();
        }
    }

    /**
     * Reads a response strictly.
     *
     * @param response the query's response
     * @param asked how many payloads the query asked for
     * @return between 1 and {@code asked} payloads, in the asked order
     * @throws IllegalArgumentException when the bytes are not exactly such a response
     */
    public static List<byte[]> decode(byte[] response, int asked) {
        ByteBuffer in = ByteBuffer.wrap(response);
        if (in.remaining() < 4) {
            throw new IllegalArgumentException("a payload batch of " + response.length + " bytes has no count");
        }
        int count = in.getInt();
        if (count < 1 || count > asked) {
            throw new IllegalArgumentException("a payload batch holds " + count + " payloads; 1 to " + asked
                    + " were asked for");
        }
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.remaining() < 4) {
                throw new IllegalArgumentException("payload " + i + " of a batch has no length");
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("payload " + i + " of a batch claims " + length + " bytes; "
                        + in.remaining() + " are left");
            }
            byte[] payload = new byte[length];
            in.get(payload);
            out.add(payload);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes follow the last payload of a batch");
        }
        return out;
    }
}
