package org.fedledger.audit.chain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedledger.audit.report.Finding;

/**
 * The chain as the audit read it: every endorser transaction's evidence by transaction id, the channel
 * configuration in force at the last block, and what was wrong with the chain itself.
 *
 * @param height the number of blocks read
 * @param transactions the verified endorser transactions, by id (for a duplicated id, the first VALID one, else the first)
 * @param config the channel configuration, empty when no config block was readable
 * @param findings the chain's own findings: broken hash chain, unreadable blocks, bad signatures
 * @param totalTransactions endorser transactions in the chain
 * @param validTransactions those marked VALID
 */
public record ChainEvidence(long height, Map<String, TransactionEvidence> transactions, Optional<ChannelConfig> config,
        List<Finding> findings, long totalTransactions, long validTransactions) {
    /** Copies the collections. */
    public ChainEvidence {
        transactions = Map.copyOf(transactions);
        findings = List.copyOf(findings);
    }

    /** @return the evidence of {@code txId}, if the chain holds it */
    public Optional<TransactionEvidence> transaction(String txId) {
        return Optional.ofNullable(transactions.get(txId));
    }
}
