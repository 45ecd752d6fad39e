package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.verifier.VerifierService.Outcome;
import org.junit.jupiter.api.Test;

/** The verifier service's log reads as sentences: task, round, what was done, and why it failed. */
class VerifierCommandTest {
    private static final ContentHash HASH = ContentHash.of("model".getBytes(StandardCharsets.UTF_8));

    @Test
    void each_outcome_is_one_line_naming_task_round_and_what_happened() {
        assertThat(VerifierCommand.describe(new Outcome.Attested("bc1", 3, 1,
                new Verification(3, 1, Verdict.AGREE, HASH, Optional.empty()))))
                .isEqualTo("task bc1 round 3: proposal 1 recomputed and attested AGREE (model " + HASH.hex() + ")");
        assertThat(VerifierCommand.describe(new Outcome.Attested("bc1", 4, 2,
                new Verification(4, 2, Verdict.DISAGREE, HASH, Optional.of("output hash differs")))))
                .endsWith("attested DISAGREE (model " + HASH.hex() + "): output hash differs");
        assertThat(VerifierCommand.describe(new Outcome.AlreadyAttested("bc1", 3, 1)))
                .isEqualTo("task bc1 round 3: proposal 1 was attested by this organisation before");
        assertThat(VerifierCommand.describe(new Outcome.PartialSumAttested("bc1", 2, "Org1MSP")))
                .isEqualTo("task bc1 round 2: the partial sum of Org1MSP recomputed and attested");
        assertThat(VerifierCommand.describe(new Outcome.ClosedOverdue("bc1", 5)))
                .isEqualTo("task bc1 round 5: closed, its deadline had passed");
        assertThat(VerifierCommand.describe(new Outcome.Failed("bc1", 6, "attest proposal 1",
                new IllegalStateException("UNKNOWN_IDENTITY: not a registered participant"))))
                .isEqualTo("task bc1 round 6: could not attest proposal 1: UNKNOWN_IDENTITY: not a registered participant");
    }
}
