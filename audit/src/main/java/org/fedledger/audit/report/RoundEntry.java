package org.fedledger.audit.report;

import java.util.List;

/**
 * One round of the task.
 *
 * @param round the round number
 * @param state its state on the ledger
 * @param baseVersion the global model version it trained from
 * @param updates update records submitted to it
 * @param accepted updates its close accepted
 * @param proposals its proposals, in order
 * @param producedVersion the global model version it produced; -1 when none
 */
public record RoundEntry(int round, String state, long baseVersion, int updates, int accepted,
        List<ProposalEntry> proposals, long producedVersion) {
    /** Copies the list. */
    public RoundEntry {
        proposals = List.copyOf(proposals);
    }
}
