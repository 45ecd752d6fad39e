package org.fedledger.sdk.errors;

import java.util.Objects;
import org.fedledger.protocol.error.ErrorCode;

/**
 * The chaincode refused the call with one of its stable error codes; nothing was written. Whether a
 * retry can help, and what to do, is the code's: {@link ErrorCode#retryable()},
 * {@link ErrorCode#guidance()}.
 *
 * <pre>{@code
 * catch (ContractRefusedException e) { if (e.code() == ErrorCode.ROUND_NOT_OPEN) { awaitNextRound(); } }
 * }</pre>
 */
public final class ContractRefusedException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final String detail;

    /**
     * @param code the chaincode's error code
     * @param detail the chaincode's message, for a person
     * @param transactionId the refused transaction's id, or null for a query
     * @param cause the transport's exception, or null
     */
    public ContractRefusedException(ErrorCode code, String detail, String transactionId, Throwable cause) {
        super(Objects.requireNonNull(code, "code") + ": " + detail, transactionId, cause);
        this.code = code;
        this.detail = detail;
    }

    /** @return the chaincode's error code */
    public ErrorCode code() {
        return code;
    }

    /** @return the chaincode's message without the code */
    public String detail() {
        return detail;
    }

    @Override
    public boolean retryable() {
        return code.retryable();
    }
}
