package org.fedledger.chaincode.testing;

import java.util.Objects;
import java.util.Optional;

/**
 * What committing a simulated transaction gave: its validation code, its id and, when valid and
 * an event was set, the event.
 *
 * <pre>{@code
 * CommitResult result = ledger.commit(stub);
 * assertThat(result.code()).isEqualTo(ValidationCode.MVCC_READ_CONFLICT);
 * }</pre>
 *
 * @param code  the validation code
 * @param txId  the transaction id
 * @param event the event stored by a valid transaction, empty otherwise
 */
public record CommitResult(ValidationCode code, String txId, Optional<LedgerEvent> event) {
    /** Checks that no component is null. */
    public CommitResult {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(event, "event");
    }

    /** Whether the writes were applied. */
    public boolean isValid() {
        return code == ValidationCode.VALID;
    }
}
