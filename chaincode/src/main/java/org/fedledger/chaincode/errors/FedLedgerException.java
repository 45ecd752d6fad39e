package org.fedledger.chaincode.errors;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
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

    private final ErrorCode code;

    /**
     * @param code the stable code
     * @param message what was wrong and how to fix it, for a person
     */
    public FedLedgerException(ErrorCode code, String message) {
        super(Objects.requireNonNull(code, "code").name() + ": " + message,
                code.name().getBytes(StandardCharsets.UTF_8));
        this.code = code;
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

    /** @return whether the same call can succeed later, as {@link ErrorCode#retryable()} */
    public boolean retryable() {
        return code.retryable();
    }
}
