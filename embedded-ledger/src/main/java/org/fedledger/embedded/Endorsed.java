package org.fedledger.embedded;

import java.util.List;
import java.util.Objects;
import org.fedledger.embedded.peer.Endorser;
import org.fedledger.embedded.peer.Proposal;

/**
 * A proposal endorsed by the organisations that were asked, not yet ordered: hand it to
 * {@link EmbeddedLedger#submit(Endorsed)} now or later (a test can let other transactions commit
 * in between, as a slow client would).
 *
 * <pre>{@code
 * Endorsed e = ledger.endorse(trainer, TransactionName.SUBMIT_UPDATE, args, chunks, List.of("Org1MSP", "Org2MSP"));
 * CommitStatus s = ledger.submit(e).join();
 * }</pre>
 *
 * @param proposal the signed proposal
 * @param responses each asked organisation's response, in the order asked
 */
public record Endorsed(Proposal proposal, List<Endorser.Response> responses) {
    /** Checks the parts and copies the list. */
    public Endorsed {
        Objects.requireNonNull(proposal, "proposal");
        responses = List.copyOf(responses);
        if (responses.isEmpty()) {
            throw new IllegalArgumentException("an endorsed proposal needs at least one response");
        }
    }

    /** @return the transaction id */
    public String txId() {
        return proposal.txId();
    }

    /** @return the chaincode's result, as the first endorser computed it */
    public byte[] result() {
        return responses.get(0).result().payload();
    }
}
