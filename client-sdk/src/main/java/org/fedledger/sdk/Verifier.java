package org.fedledger.sdk;

import java.util.Optional;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.RoundRecord;

/**
 * A verifier's work in one task: recompute a proposal from its inputs with the same checks and rule
 * the chaincode and the aggregator use, attest the verdict, and close rounds past their deadline.
 *
 * <pre>{@code
 * Verifier verifier = ledger.verifier("breast-cancer");
 * Verification v = verifier.verify(3, 1);
 * verifier.attest(v);
 * }</pre>
 */
public interface Verifier {
    /**
     * Recomputes proposal {@code seq} of {@code round}: the manifest checked against the closed
     * round, each input verified against its hash, the task's rule run, the output hash compared.
     * Writes nothing.
     */
    Verification verify(int round, int seq);

    /**
     * Attests {@code verification}'s verdict and computed hash for this organisation.
     *
     * @throws org.fedledger.sdk.errors.ContractRefusedException ALREADY_ATTESTED, INVALID_STATE, ...
     */
    Receipt<AttestationRecord> attest(Verification verification);

    /**
     * Declares, for this organisation, that {@code round}'s deadline has passed by the local clock, when
     * the round is still OPEN. One organisation's declaration is a vote (the round stays OPEN, its
     * {@code deadlineVotes} name the organisation); the vote that makes the task's
     * {@code attestationQuorum} distinct organisations closes the round, or fails it below
     * {@code minUpdates}.
     *
     * @return the transaction's receipt (its record OPEN after a vote, CLOSED or FAILED after the
     *     deciding one), or empty when the round was not due
     */
    Optional<Receipt<RoundRecord>> closeIfOverdue(int round);
}
