package org.fedledger.sdk.incentives;

import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;

/**
 * A verifier's copy of a task's validation set, as the one thing contributions need from it: how
 * many of its samples a model classifies correctly, or, for a task scored by
 * {@link org.fedledger.protocol.record.ContributionScore#LOG_LOSS}, its loss on them. The SDK does not
 * train or evaluate models; the application (the CLI's demo, a hospital's trainer) implements this over
 * its own model code. Each number must be a pure function of the model's bits and the set, so that every organisation's
 * verifier computes the same contributions.
 *
 * <pre>{@code
 * ModelScorer scorer = new MyValidationSet(Path.of("validation.csv"));
 * VerifierService.start(ledger, state, 0, log::info, RoundStrategy.standard().scoring(scorer));
 * }</pre>
 */
public interface ModelScorer {
    /**
     * @return SHA-256 of the canonical validation set this scorer evaluates on; compared with the
     *     hash the task committed at creation before any contribution is computed
     */
    ContentHash validationSetHash();

    /**
     * @param model a model of the task's schema
     * @return how many validation samples it classifies correctly
     */
    long correct(Model model);

    /**
     * The validation loss that {@link org.fedledger.protocol.record.ContributionScore#LOG_LOSS} scores by:
     * the sum over the validation samples, in the set's order, of each sample's cross-entropy (natural
     * log) under {@code model}, rounded to a whole micro-nat and capped at
     * {@link org.fedledger.protocol.record.ContributionScore#MAX_SAMPLE_LOSS_MICROS} (a loss that is not a
     * number counts as the cap). Like {@link #correct}, a pure function of the model's bits and the set:
     * the model's arithmetic must be Java's strict double arithmetic and {@code StrictMath}.
     *
     * @param model a model of the task's schema
     * @return the capped loss, in micro-nats, at least 0
     */
    long lossMicros(Model model);
}
