package org.fedledger.protocol.mapping;

import java.util.List;
import org.fedledger.protocol.record.CohortRecord;
import org.fedledger.protocol.record.KeySharesRecord;
import org.fedledger.protocol.record.RevealRecord;

/**
 * What unmasking a secure round reads from the ledger besides the round and the masked payloads
 * ({@link SecureRoundInputs#unmask}).
 *
 * @param cohort the round's cohort
 * @param reveals its reveals, in revealer order
 * @param keyShares the task's mask-key share records, in owner order
 */
public record SecureRoundRecords(CohortRecord cohort, List<RevealRecord> reveals, List<KeySharesRecord> keyShares) {
    /**
     * Copies the lists.
     *
     * @param cohort the round's cohort
     * @param reveals its reveals
     * @param keyShares the task's mask-key share records
     */
    public SecureRoundRecords {
        reveals = List.copyOf(reveals);
        keyShares = List.copyOf(keyShares);
    }
}
