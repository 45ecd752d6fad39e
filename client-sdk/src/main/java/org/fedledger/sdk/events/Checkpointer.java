package org.fedledger.sdk.events;

import java.util.Optional;
import org.fedledger.sdk.ledger.EventPosition;

/**
 * Remembers the last event an application handled, so a restarted listener resumes just after it:
 * no event missed, none repeated.
 *
 * <pre>{@code
 * Checkpointer checkpointer = FileCheckpointer.at(Path.of("verifier-org1.checkpoint"));
 * }</pre>
 */
public interface Checkpointer {
    /** @return where to resume: after the last handled event, or empty when nothing was handled yet */
    Optional<EventPosition> position();

    /**
     * Records that the event of {@code transactionId} in {@code blockNumber} was handled. Called only
     * after the application's handler returned.
     */
    void checkpoint(long blockNumber, String transactionId);
}
