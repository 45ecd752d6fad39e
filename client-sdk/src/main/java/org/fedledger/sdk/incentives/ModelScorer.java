package org.fedledger.sdk.incentives;

import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;

/**
 * A verifier's copy of a task's validation set, as the one thing contributions need from it: how
 * many of its samples a model classifies correctly. The SDK does not train or evaluate models; the
 * application (the CLI's demo, a hospital's trainer) implements this over its own model code. The
 * count must be a pure function of the model's bits and the set, so that every organisation's
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
}
