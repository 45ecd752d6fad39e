package org.fedledger.audit.report;

import java.util.List;

/**
 * The chain as the audit read it.
 *
 * @param height blocks read
 * @param transactions endorser transactions in them
 * @param validTransactions those marked VALID
 * @param verifiedTransactions those whose signatures and endorsements the audit verified: every one a record of the task names
 *     and, for a task with incentives, every one that wrote a contributor's reputation (whichever task it served)
 * @param organisations the channel's organisations, from its configuration
 * @param endorsementRule the channel's endorsement policy rule (MAJORITY, ANY, ALL)
 * @param configBlock the block the configuration came from; -1 when none was found
 */
public record ChainSummary(long height, long transactions, long validTransactions, long verifiedTransactions,
        List<String> organisations,
        String endorsementRule, long configBlock) {
    /** Copies the list. */
    public ChainSummary {
        organisations = List.copyOf(organisations);
    }
}
