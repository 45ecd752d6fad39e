package org.fedledger.chaincode.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.ledger.Payload;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.aggregation.UpdateCodec;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.TensorSpec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.TensorSpecRecord;

/**
 * Checks that a payload is the canonical encoding of a finite model of a task's schema, mapping
 * fl-core's {@code FormatError}s to the chaincode's codes. The schema fixes the payload's exact length
 * and every byte but the float data, so the check compares and scans the chunks where they lie: it
 * refuses a payload of another length before reading it, never joins the chunks and never builds the
 * model, and a transaction holds no copy of a payload beyond the transient data it arrived in.
 *
 * <pre>{@code
 * Payload p = TaskModels.receiveUpdate(task, transientData); // size checked for the task's codec
 * TaskModels.checkUpdate(task, p); // MALFORMED_PAYLOAD, NON_FINITE_VALUE, SCHEMA_MISMATCH, CODE_OUT_OF_RANGE, ...
 * }</pre>
 */
public final class TaskModels {
    private TaskModels() {
    }

    /**
     * @param task the task record
     * @return the task's schema as fl-core's type
     */
    public static ModelSchema schemaOf(TaskRecord task) {
        List<TensorSpec> specs = new ArrayList<>();
        for (TensorSpecRecord spec : task.schema()) {
            specs.add(spec.spec());
        }
        return ModelSchema.of(specs);
    }

    /**
     * Takes an update's payload from transient data and holds its length to the one the task's schema and
     * update codec fix ({@code UpdateCodec.encodedSize}: the model encoding's for float32), before anything
     * else reads it (its hash included).
     *
     * @param task the task record
     * @param transientData the transaction's transient data (may be null)
     * @return the payload, of exactly the encoded size of the task's updates
     * @throws org.fedledger.chaincode.errors.FedLedgerException MALFORMED_PAYLOAD or PAYLOAD_TOO_LARGE as
     *     {@link Payload#fromTransient}, PAYLOAD_SIZE_MISMATCH for any other length
     */
    public static Payload receiveUpdate(TaskRecord task, Map<String, byte[]> transientData) {
        Payload payload = Payload.fromTransient(transientData, TransientKeys.UPDATE_PREFIX, task.maxPayloadBytes());
        ModelSchema schema = schemaOf(task);
        UpdateCodec codec = task.rule().spec().codec();
        long expected = codec.encodedSize(schema);
        if (payload.size() != expected) {
            throw new FedLedgerException(ErrorCode.PAYLOAD_SIZE_MISMATCH, "payload: the payload has " + payload.size()
                    + " bytes; every " + codec.name() + " update of task '" + task.taskId() + "' ("
                    + schema.tensors().size() + " tensors, " + schema.parameterCount()
                    + " parameters) encodes to exactly " + expected + " bytes");
        }
        return payload;
    }

    /**
     * Takes a secure task's masked update from transient data: one little-endian 64-bit word per
     * parameter (fl-core's {@code SecureRound.encode}), so exactly {@code 8 * parameters} bytes, beside
     * the transient {@code maskshares}. Every word is valid, so nothing else is checked.
     *
     * @param task the task record
     * @param transientData the transaction's transient data (may be null)
     * @return the payload
     * @throws org.fedledger.chaincode.errors.FedLedgerException MALFORMED_PAYLOAD or PAYLOAD_TOO_LARGE as
     *     {@link Payload#fromTransient}, PAYLOAD_SIZE_MISMATCH for any other length
     */
    public static Payload receiveMaskedUpdate(TaskRecord task, Map<String, byte[]> transientData) {
        Map<String, byte[]> chunks = new HashMap<>(transientData == null ? Map.of() : transientData);
        chunks.remove(TransientKeys.MASK_SHARES); // the sealed seed shares travel beside the chunks
        Payload payload = Payload.fromTransient(chunks, TransientKeys.UPDATE_PREFIX, task.maxPayloadBytes());
        long expected = schemaOf(task).parameterCount() * Long.BYTES;
        if (payload.size() != expected) {
            throw new FedLedgerException(ErrorCode.PAYLOAD_SIZE_MISMATCH, "payload: a masked update of task '"
                    + task.taskId() + "' has 8 bytes per parameter, " + expected + " bytes, not " + payload.size());
        }
        return payload;
    }

    /**
     * Checks an update's payload in the task's update codec: for float32 as {@link #check(ModelSchema, Payload)},
     * for a compressed codec strictly as {@code UpdateCodec.check} (header, ranges, canonical form).
     *
     * @param task the task record
     * @param payload the update's payload
     * @throws org.fedledger.chaincode.errors.FedLedgerException PAYLOAD_SIZE_MISMATCH, MALFORMED_PAYLOAD,
     *     NON_FINITE_VALUE, SCHEMA_MISMATCH or CODE_OUT_OF_RANGE with fl-core's explanation
     */
    public static void checkUpdate(TaskRecord task, Payload payload) {
        try {
            task.rule().spec().codec().check(schemaOf(task), payload.chunks());
        } catch (ModelFormatException e) {
            throw new FedLedgerException(ErrorCode.of(e.code()), "payload: " + e.getMessage());
        }
    }

    /**
     * @param task the task record
     * @param payload the payload received as transient data
     * @throws org.fedledger.chaincode.errors.FedLedgerException PAYLOAD_SIZE_MISMATCH, MALFORMED_PAYLOAD,
     *     NON_FINITE_VALUE or SCHEMA_MISMATCH with fl-core's explanation
     */
    public static void check(TaskRecord task, Payload payload) {
        check(schemaOf(task), payload);
    }

    /**
     * Same as {@link #check(TaskRecord, Payload)} against an explicit schema.
     *
     * @param schema the model schema
     * @param payload the payload received as transient data
     */
    public static void check(ModelSchema schema, Payload payload) {
        try {
            ModelCodec.checkEncoding(schema, payload.chunks());
        } catch (ModelFormatException e) {
            throw new FedLedgerException(ErrorCode.of(e.code()), "payload: " + e.getMessage());
        }
    }
}
