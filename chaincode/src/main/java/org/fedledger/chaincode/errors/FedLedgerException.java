package org.fedledger.chaincode.errors;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.error.ErrorCode;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * A refusal by the chaincode. The payload is the {@link ErrorCode}'s name in UTF-8 and the message
 * starts with {@code "CODE: "}, because the Fabric gateway surfaces the message to clients. Nothing a
 * refused transaction did is committed.
 *
 * <pre>{@code
 * catch (FedLedgerException e) {
 *     if (e.code() == ErrorCode.ROUND_NOT_OPEN) { waitForNextRound(); }
 * }
 * }</pre>
 */
public final class FedLedgerException extends ChaincodeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code the stable code
     * @param message what was wrong and how to fix it, for a person
     */
    public FedLedgerException(ErrorCode code, String message) {
        super(Objects.requireNonNull(code, "code").name() + ": " + message,
                code.name().getBytes(StandardCharsets.UTF_8));
        this.code = code;
    }

    /** @return the stable code */
    public ErrorCode code() {
        return code;
    }

    /** @return whether the same call can succeed later, as {@link ErrorCode#retryable()} */
    public boolean retryable() {
        return code.retryable();
    }
}
