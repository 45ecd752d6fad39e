package org.fedledger.sdk;

import java.util.Optional;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.ValidationSetRecord;
import org.fedledger.sdk.incentives.ModelScorer;

/**
 * A verifier's work in one task: recompute a proposal from its inputs with the same checks and rule
 * the chaincode and the aggregator use, attest the verdict, resolve rounds whose quorum is decided
 * (or whose window has passed), and close rounds past their deadline.
 *
 * <pre>{@code
 * Verifier verifier = ledger.verifier("breast-cancer");
 * Verification v = verifier.verify(3, 1);
 * verifier.attest(v);
 * if (verifier.tally(3, 1).outcome() != Quorum.Outcome.OPEN) {
 *     verifier.resolve(3);   // FINAL, DISPUTED or FAILED
 * }
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
     * As {@link #verify(int, int)}, and for a task with incentives, when the verdict is AGREE, also the
     * round's contributions computed on {@code scorer}'s validation set
     * ({@link org.fedledger.sdk.incentives.Contributions}). Writes nothing.
     *
     * <pre>{@code
     * verifier.attest(verifier.verify(3, 1, validationSet));
     * }</pre>
     *
     * @param round the round
     * @param seq the proposal
     * @param scorer this organisation's copy of the task's validation set, or, for a task valued on private
     *     sets, this organisation's own set
     * @return the verification, with contributions when the task has incentives and the verdict is AGREE;
     *     on private sets without them when this organisation's committed set does not cover the round (none,
     *     or committed after the round opened): it verifies the output and values nothing
     * @throws org.fedledger.sdk.incentives.ValidationSetMismatchException when {@code scorer}'s set is
     *     not the one the task, or on private sets this organisation, committed (nothing is computed)
     */
    Verification verify(int round, int seq, ModelScorer scorer);

    /**
     * Commits this organisation's private validation set for a task valued on private sets
     * ({@link org.fedledger.protocol.record.ValidationMode#PRIVATE}), by its hash alone, once: it values the
     * rounds opened after it, so commit before the first round opens. Idempotent for the same set: when
     * this organisation already committed {@code scorer}'s hash, the existing record comes back unwritten.
     *
     * <pre>{@code
     * ledger.verifier("breast-cancer").commitValidationSet(myValidationSet);   // before round 1
     * }</pre>
     *
     * @param scorer this organisation's validation set
     * @return the organisation's validation set record
     * @throws org.fedledger.sdk.incentives.ValidationSetMismatchException when this organisation committed
     *     another set already (a committed set is never replaced)
     * @throws org.fedledger.sdk.errors.ContractRefusedException INVALID_ARGUMENT (a task without incentives
     *     or on a shared set), FORBIDDEN, ...
     */
    ValidationSetRecord commitValidationSet(ModelScorer scorer);

    /**
     * Attests {@code verification}'s verdict and computed hash for this organisation, and its
     * contributions when it carries any.
     *
     * @throws org.fedledger.sdk.errors.ContractRefusedException ALREADY_ATTESTED, INVALID_STATE, ...
     */
    Receipt<AttestationRecord> attest(Verification verification);

    /**
     * Counts proposal {@code seq}'s attestations under the task's quorum rule ({@link Quorum}: the
     * proposer's organisation is not eligible; in a task with incentives an organisation agrees only
     * with the leading contributions too). Writes nothing.
     *
     * @throws org.fedledger.sdk.errors.ContractRefusedException NOT_FOUND when there is no such proposal
     */
    Quorum.Tally tally(int round, int seq);

    /**
     * Resolves {@code round} (transaction resolveRound): FINAL when its proposal has the quorum,
     * DISPUTED when the quorum is out of reach, FAILED when that was its last allowed proposal or its
     * window has passed undecided; a FINAL or FAILED round comes back unchanged. Any coordinator,
     * aggregator or verifier of the task's organisations may resolve.
     *
     * @throws org.fedledger.sdk.errors.ContractRefusedException RESOLUTION_PENDING (not decided yet and
     *     its window is open: wait), INVALID_STATE (an OPEN round), FORBIDDEN, ...
     */
    Receipt<RoundRecord> resolve(int round);

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

    /**
     * In a hierarchical task, recomputes this verifier's organisation's published partial sum of a round
     * from the internal updates it names (read from its own organisation's peer, each verified against
     * its record) and attests it when the bytes hash alike. The round's close admits only attested partial
     * sums; the identity that published the sum cannot attest it.
     *
     * @param round the round
     * @return the attested record
     * @throws org.fedledger.sdk.payload.IntegrityException when the recomputed sum differs from the published one
     *     (nothing is attested)
     * @throws org.fedledger.sdk.errors.ContractRefusedException NOT_FOUND (nothing published), FORBIDDEN, ...
     */
    Receipt<PartialSumRecord> attestPartialSum(int round);
}
