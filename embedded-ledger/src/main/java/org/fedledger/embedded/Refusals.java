package org.fedledger.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.fedledger.embedded.block.ProposalResult;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.FedLedgerClientException;

/**
 * Translates a failed chaincode response into the SDK's exception, once: a coded refusal (payload
 * and message prefix {@code CODE: }) is a {@link ContractRefusedException}; anything else a
 * {@link ChaincodeFailedException}.
 */
final class Refusals {
    private static final String SEPARATOR = ": ";

    private Refusals() {
    }

    static FedLedgerClientException of(ProposalResult result, String txId) {
        String message = result.message();
        Optional<ErrorCode> code = code(new String(result.payload(), StandardCharsets.UTF_8));
        if (code.isEmpty()) {
            int colon = message.indexOf(SEPARATOR);
            code = colon > 0 ? code(message.substring(0, colon)) : Optional.empty();
        }
        if (code.isEmpty()) {
            return new ChaincodeFailedException(result.status(), message, txId);
        }
        String prefix = code.get().name() + SEPARATOR;
        String detail = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return new ContractRefusedException(code.get(), detail, txId, null);
    }

    private static Optional<ErrorCode> code(String name) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
