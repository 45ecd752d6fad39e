package org.fedledger.sdk;

import org.fedledger.core.model.Model;
import org.fedledger.protocol.record.KeySharesRecord;
import org.fedledger.protocol.record.MaskingKeyRecord;
import org.fedledger.protocol.record.RevealRecord;
import org.fedledger.protocol.record.UpdateRecord;

/**
 * A trainer's steps in a secure task (docs/privacy.md section 2), with its masking keys, which it keeps:
 * record the public keys once, share the mask key with the task's other trainers once they recorded
 * theirs, then per round submit a masked update and, once the round is closed, reveal. No peer ever
 * receives the unmasked update.
 *
 * <pre>{@code
 * SecureTrainer me = ledger.secureTrainer("breast-cancer", MaskingKeys.generate(new SecureRandom()));
 * me.registerKeys();
 * me.shareKey();                                  // after the others registered theirs
 * me.submitUpdate(round, local, 455);             // masked; the sealed seed shares travel with it
 * me.reveal(round);                               // after the close
 * }</pre>
 */
public interface SecureTrainer {
    /**
     * Records this trainer's public keys in the task's key directory.
     *
     * @return the key record
     * @throws org.fedledger.sdk.errors.ContractRefusedException FORBIDDEN, INVALID_STATE (not a secure task), ...
     */
    Receipt<MaskingKeyRecord> registerKeys();

    /**
     * Shares the mask private key, sealed, with every trainer of the directory with usable keys.
     *
     * @return the share record
     * @throws org.fedledger.sdk.errors.ContractRefusedException NOT_IN_COHORT (no usable keys), INVALID_ARGUMENT
     */
    Receipt<KeySharesRecord> shareKey();

    /**
     * Masks {@code update} against the round's cohort and submits it with its sealed seed shares.
     *
     * @param round an OPEN round whose cohort holds this trainer
     * @param update the trained model
     * @param samples the samples it was trained on, at most the task's cap
     * @return the update record (its hash is the masked payload's)
     * @throws org.fedledger.sdk.errors.ContractRefusedException NOT_IN_COHORT, ROUND_NOT_OPEN, INVALID_ARGUMENT, ...
     */
    Receipt<UpdateRecord> submitUpdate(int round, Model update, long samples);

    /**
     * Opens what this trainer holds and reveals it for the survivors the close fixed.
     *
     * @param round a closed round whose cohort holds this trainer
     * @return the reveal record
     * @throws org.fedledger.sdk.errors.ContractRefusedException REVEAL_BEFORE_CLOSE, NOT_IN_COHORT, ...
     */
    Receipt<RevealRecord> reveal(int round);
}
