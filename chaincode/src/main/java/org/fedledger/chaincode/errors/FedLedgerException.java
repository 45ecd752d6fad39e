package org.fedledger.chaincode.errors;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.protocol.error.ErrorCode;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * A refusal by the chaincode. The payload is the {@link ErrorCode}'s name in UTF-8 and the message
 * starts with {@code "CODE: "}, because the Fabric gateway surfaces the message to clients. Nothing a
 * refused transaction did is committed. A refusal is an expected outcome, not a fault: it carries no
 * stack trace, and {@link RefusalLog} logs it as one INFO line instead of the shim's SEVERE trace.
 *
 * <pre>{@code
 * catch (FedLedgerException e) {
 *     if (e.code() == ErrorCode.ROUND_NOT_OPEN) { waitForNextRound(); }
 * }
 * }</pre>
 */
public final class FedLedgerException extends ChaincodeException {
    private static final long serialVersionUID = 1L;

    /** @serial the stable code */
    private final ErrorCode code;
    /** @serial the argument or field at fault, or null when the refusal is about no single one */
    private final String field;

    /**
     * A refusal about the transaction as a whole (state, identity, payload).
     *
     * <pre>{@code
     * throw new FedLedgerException(ErrorCode.NOT_FOUND, "task 'mnist' does not exist");
     * }</pre>
     *
     * @param code the stable code
     * @param message what was wrong and how to fix it, for a person
     */
    public FedLedgerException(ErrorCode code, String message) {
        this(code, null, message);
    }

    /**
     * A refusal of one argument, or one field inside a JSON argument.
     *
     * <pre>{@code
     * throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "samples", "samples must be at least 1, was 0");
     * }</pre>
     *
     * @param code the stable code
     * @param field the argument or field at fault, such as {@code samples} or {@code taskJson.schema[0].shape};
     *     null when the refusal is about no single one
     * @param message what was wrong and how to fix it, for a person
     */
    public FedLedgerException(ErrorCode code, String field, String message) {
        super(Objects.requireNonNull(code, "code").name() + ": " + message,
                code.name().getBytes(StandardCharsets.UTF_8));
        this.code = code;
        this.field = field;
        RefusalLog.refusing(this);
    }

    /** A refusal's stack trace says nothing the code and message do not; leaving it out keeps logs to one line. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** @return the stable code */
    public ErrorCode code() {
        return code;
    }

    /**
     * @return the argument or field at fault, such as {@code samples} or
     *     {@code manifestJson.inputs[2].hash}, if the refusal is about one
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** @return whether the same call can succeed later, as {@link ErrorCode#retryable()} */
    public boolean retryable() {
        return code.retryable();
    }
}
