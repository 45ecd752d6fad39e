package org.fedledger.sdk.rounds;

import java.util.Objects;
import java.util.Optional;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.sdk.VerifiedModel;

/**
 * How a round the driver ran ended: FINAL with its verified global model, or FAILED.
 *
 * @param round the round's record as it ended
 * @param model the round's global model, verified against its on-chain hash; empty when it FAILED
 */
public record RoundOutcome(RoundRecord round, Optional<VerifiedModel> model) {
    /**
     * Checks the outcome is decided.
     *
     * @param round the round's record as it ended
     * @param model the round's global model; empty when it FAILED
     */
    public RoundOutcome {
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(model, "model");
        if ((round.state() == RoundState.FINAL) != model.isPresent()) {
            throw new IllegalArgumentException("a FINAL round has a model and a FAILED one none; round "
                    + round.round() + " is " + round.state());
        }
    }

    /** @return whether the round made a new global model */
    public boolean isFinal() {
        return model.isPresent();
    }
}
