package org.fedledger.it.readme;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.fedledger.core.model.Model;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.Trainer;
import org.fedledger.sdk.VerifiedModel;
import org.fedledger.sdk.ledger.ConnectionProfile;

/**
 * The trainer of the README's "Using the SDK" section, verbatim between the markers;
 * {@code ReadmeExampleIT} runs it and checks the README still shows exactly these lines.
 */
public final class ReadmeTrainer {
    private ReadmeTrainer() {
    }

    /** One trainer's round, as the README shows it. */
    public static VerifiedModel trainOneRound(ConnectionProfile profile, String taskId, UnaryOperator<Model> train,
            long samples) {
        // README:begin
        try (FedLedger ledger = FedLedger.open(profile)) {
            Trainer trainer = ledger.trainer(taskId);
            RoundRecord round = trainer.awaitOpenRound(Duration.ofMinutes(5));
            Model global = trainer.currentModel().model();        // checked against its on-chain hash
            Model local = train.apply(global);                    // your local training
            trainer.submitUpdate(round.round(), local, samples);  // encoded, hashed, chunked, committed
            return trainer.awaitModel(round.baseVersion() + 1, Duration.ofMinutes(10));
        }
        // README:end
    }
}
