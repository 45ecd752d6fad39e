package org.fedledger.chaincode.tasks;

import java.util.ArrayList;
import java.util.List;
import org.fedledger.chaincode.ledger.Payload;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.TensorSpec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.TensorSpecRecord;

/**
 * Checks that a payload is the canonical encoding of a finite model of a task's schema, mapping
 * fl-core's {@code FormatError}s to the chaincode's codes.
 *
 * <pre>{@code
 * TaskModels.check(task, payload); // MALFORMED_PAYLOAD, NON_FINITE_VALUE or SCHEMA_MISMATCH
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
            int[] shape = new int[spec.shape().size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = spec.shape().get(i);
            }
            specs.add(TensorSpec.of(spec.name(), shape));
        }
        return ModelSchema.of(specs);
    }

    /**
     * @param task the task record
     * @param payload the payload received as transient data
     * @throws org.fedledger.chaincode.errors.FedLedgerException MALFORMED_PAYLOAD, NON_FINITE_VALUE,
     *     SCHEMA_MISMATCH or PAYLOAD_TOO_LARGE with fl-core's explanation
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
            Model model = ModelCodec.decode(payload.bytes());
            schema.check(model);
        } catch (ModelFormatException e) {
            throw new FedLedgerException(ErrorCode.of(e.code()), "payload: " + e.getMessage());
        }
    }
}
