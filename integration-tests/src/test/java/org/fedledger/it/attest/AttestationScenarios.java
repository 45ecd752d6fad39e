package org.fedledger.it.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.it.sdk.ConsortiumScenarios;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.VerifiedModel;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.RoundFailedException;
import org.fedledger.sdk.testing.SdkParticipants;
import org.fedledger.sdk.verifier.VerifierService;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attestation and the resolution of rounds (issue 22 item 4, issue 21 items 2 and 4), written as the
 * consortium's and a hostile member's moves and run on every ledger: verifiers of three organisations
 * attest at once without invalidating each other, the proposer's organisation never counts towards
 * its own proposal, and a round resolves without any single member's cooperation.
 */
public abstract class AttestationScenarios extends ConsortiumScenarios {

    protected String newTask(TaskDefinition.Builder definition) {
        TaskDefinition task = definition.build();
        people().coordinator.coordinator().createTask(task);
        return task.taskId();
    }

    /** Opens the next round; every trainer submits; the coordinator closes. */
    protected static int trainedRound(SdkParticipants p, String task, float seed) {
        RoundRecord round = p.coordinator.coordinator().openRound(task).record();
        long block = 0;
        for (FedLedger trainer : p.trainers()) {
            block = Math.max(block, trainer.trainer(task).submitUpdate(round.round(), SdkParticipants.model(seed),
                    (long) (100 * seed)).blockNumber());
            seed++;
        }
        p.coordinator.awaitBlock(block, Duration.ofSeconds(30));
        p.coordinator.coordinator().closeRound(task, round.round());
        return round.round();
    }

    /** The aggregator's forged proposal: the honest manifest's inputs and weights, another output. */
    private static Aggregation forged(Aggregation honest, float seed) {
        var output = SdkParticipants.model(seed);
        AggregationManifest m = honest.manifest();
        return new Aggregation(AggregationManifest.builder().taskId(m.taskId()).round(m.round())
                .baseModelHash(m.baseModelHash()).rule(m.rule()).inputs(m.inputs()).exclusions(m.exclusions())
                .outputHash(ModelCodec.hash(output)).build(), output);
    }

    @Test
    void verifier_services_of_three_organisations_attest_every_round_and_no_transaction_is_invalid(@TempDir Path state)
            throws Exception {
        SdkParticipants p = people();
        long first = p.auditor.auditor().blockHeight();
        String task = newTask(SdkParticipants.task("no-waste").updates(3, 3));
        List<VerifierService> services = List.of(
                VerifierService.start(p.verifier1, state.resolve("org1"), first, o -> { }),
                VerifierService.start(p.verifier2, state.resolve("org2"), first, o -> { }),
                VerifierService.start(p.verifier3, state.resolve("org3"), first, o -> { }));
        try {
            for (int r = 1; r <= 3; r++) {
                int round = trainedRound(p, task, r);
                p.aggregator.aggregator(task).propose(p.aggregator.aggregator(task).aggregate(round));
                VerifiedModel model = p.trainer2.trainer(task).awaitModel(round, Duration.ofMinutes(1));
                // Org1 proposed: its verifier attests, but only Org2 and Org3 make the quorum.
                assertThat(model.record().attestedBy()).containsExactly("Org2MSP", "Org3MSP");
                assertThat(p.auditor.auditor().attestations(task, round, 1)).extracting(a -> a.msp())
                        .containsExactly("Org1MSP", "Org2MSP", "Org3MSP");
            }
        } finally {
            services.forEach(VerifierService::close);
        }
        // Every transaction of the task, from its creation on, is VALID: no attestation wasted.
        assertThat(ValidationCodes.from(p.auditor.auditor(), first)).containsOnlyKeys(TxValidationCode.VALID);
    }

    /**
     * Hierarchical rounds: each organisation's verifier service recomputes and attests the partial sum
     * its organisation publishes, and one whose first attestation fails on the way (the ledger
     * unreachable) attests at its next poll; the round then takes both organisations' updates. A service
     * whose organisation's aggregator published a sum it cannot reproduce attests nothing.
     */
    @Test
    void verifier_services_attest_their_own_organisations_partial_sums_and_retry_a_failed_attestation(
            @TempDir Path state) throws Exception {
        SdkParticipants p = people();
        FedLedger aggregator2 = p.register(2, "User7", Role.AGGREGATOR);
        long first = p.auditor.auditor().blockHeight();
        String task = newTask(SdkParticipants.task("tiered-services").rule(RuleSpec
                .parse("exact_fedavg:scale_bits=24,hierarchical=1")).maxOrgSharePercent(100).updates(2, 3));
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        org.fedledger.sdk.ledger.LedgerConnection flaky = new org.fedledger.it.fabric.ForwardingConnection(
                p.connection(p.verifier2), false) {
            @Override
            public org.fedledger.sdk.ledger.Committed submit(TransactionName transaction, List<String> arguments,
                    java.util.Map<String, byte[]> transientData) {
                if (transaction == TransactionName.ATTEST_PARTIAL_SUM && failures.getAndIncrement() == 0) {
                    throw new org.fedledger.sdk.errors.LedgerUnavailableException("the peer is restarting", null);
                }
                return super.submit(transaction, arguments, transientData);
            }
        };
        List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<VerifierService> services = List.of(
                VerifierService.start(p.verifier1, state.resolve("org1"), first, o -> outcomes.add(o.toString())),
                VerifierService.start(FedLedger.over(flaky, org.fedledger.sdk.RetryPolicy.none(), p.verifier2.clock()),
                        state.resolve("org2"), first, o -> outcomes.add(o.toString())));
        try {
            p.coordinator.coordinator().openRound(task);
            p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 100);
            p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 300);
            p.aggregator.aggregator(task).publishPartialSum(1);
            aggregator2.aggregator(task).publishPartialSum(1);
            long until = System.nanoTime() + 60_000_000_000L;
            while (p.auditor.auditor().updates(task, 1).size() < 2) {
                assertThat(System.nanoTime()).as("both partial sums attested; outcomes %s", outcomes).isLessThan(until);
                Thread.sleep(100);
            }
        } finally {
            services.forEach(VerifierService::close);
        }
        assertThat(failures.get()).as("Org2's first attestation failed and was tried again").isGreaterThanOrEqualTo(2);
        assertThat(p.coordinator.coordinator().closeRound(task, 1).record().accepted()).hasSize(2);
    }

    @Test
    void an_aggregator_that_also_verifies_cannot_attest_its_own_proposal() {
        SdkParticipants p = people();
        FedLedger both = p.register(1, "User4", Role.AGGREGATOR, Role.VERIFIER);
        String task = newTask(SdkParticipants.task("own"));
        int round = trainedRound(p, task, 1f);
        Aggregation next = both.aggregator(task).aggregate(round);
        both.aggregator(task).propose(next);
        Verification v = both.verifier(task).verify(round, 1);
        assertThat(v.verdict()).isEqualTo(Verdict.AGREE);
        ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class,
                () -> both.verifier(task).attest(v));
        assertThat(e.code()).isEqualTo(ErrorCode.OWN_PROPOSAL);
        // Org1's other verifier agrees, and so does Org2: the proposer's organisation does not count.
        p.verifier1.verifier(task).attest(p.verifier1.verifier(task).verify(round, 1));
        p.verifier2.verifier(task).attest(p.verifier2.verifier(task).verify(round, 1));
        assertThat(p.verifier2.verifier(task).tally(round, 1).outcome()).isEqualTo(Quorum.Outcome.OPEN);
        assertThat(catchThrowableOfType(ContractRefusedException.class, () -> p.verifier2.verifier(task).resolve(round))
                .code()).isEqualTo(ErrorCode.RESOLUTION_PENDING);
        p.verifier3.verifier(task).attest(p.verifier3.verifier(task).verify(round, 1));
        assertThat(p.verifier3.verifier(task).resolve(round).record().state()).isEqualTo(RoundState.FINAL);
        assertThat(p.auditor.auditor().model(task, 1).attestedBy()).containsExactly("Org2MSP", "Org3MSP");
    }

    @Test
    void an_aggregator_that_keeps_proposing_forged_models_fails_the_round_after_three_and_the_next_round_opens()
            throws Exception {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("forger"));
        int round = trainedRound(p, task, 1f);
        var waiting = CompletableFuture.supplyAsync(() -> p.trainer3.trainer(task).awaitModel(1, Duration.ofMinutes(10)));
        Aggregation honest = p.aggregator.aggregator(task).aggregate(round);
        for (int seq = 1; seq <= Quorum.MAX_PROPOSALS_PER_ROUND; seq++) {
            p.aggregator.aggregator(task).propose(forged(honest, 40f + seq));
            Verification v = p.verifier2.verifier(task).verify(round, seq);
            assertThat(v.verdict()).isEqualTo(Verdict.DISAGREE);
            p.verifier2.verifier(task).attest(v);
            RoundState decided = p.verifier2.verifier(task).resolve(round).record().state();
            assertThat(decided).isEqualTo(seq < Quorum.MAX_PROPOSALS_PER_ROUND ? RoundState.DISPUTED
                    : RoundState.FAILED);
        }
        ContractRefusedException refused = catchThrowableOfType(ContractRefusedException.class,
                () -> p.aggregator.aggregator(task).propose(honest));
        assertThat(refused.code()).isEqualTo(ErrorCode.PROPOSAL_LIMIT_REACHED);
        Throwable failure = catchThrowableOfType(ExecutionException.class, () -> waiting.get(2, TimeUnit.MINUTES))
                .getCause();
        assertThat(failure).isInstanceOf(RoundFailedException.class)
                .hasMessageContaining("did not reach the attestation quorum");
        assertThat(p.coordinator.coordinator().openRound(task).record().round()).isEqualTo(round + 1);
    }

    /**
     * Issue 24, item 5: a hostile aggregator proposes the right output for a trimmed-mean round but
     * writes that no update was trimmed anywhere, shielding the updates the rule cut from any penalty.
     * The chaincode takes the manifest (its shape is right); every verifier recomputes the evidence
     * and DISAGREEs, so the honest proposal is the one that becomes final.
     */
    @Test
    void an_aggregator_that_hides_what_a_trimmed_mean_cut_is_disagreed_and_the_honest_proposal_becomes_final() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("hidden-trim").updates(3, 3)
                .rule(RuleSpec.of(RuleName.TRIMMED_MEAN, Map.of("beta", "0.34"))));
        int round = trainedRound(p, task, 1f);
        Aggregation honest = p.aggregator.aggregator(task).aggregate(round);
        AggregationManifest m = honest.manifest();
        assertThat(m.evidence()).hasSize(3).anyMatch(e -> e.trimmedLow() + e.trimmedHigh() > 0);
        List<InputEvidence> nothingTrimmed = m.evidence().stream().map(e -> InputEvidence.trimmed(e.id(), 0, 0)).toList();
        p.aggregator.aggregator(task).propose(new Aggregation(AggregationManifest.builder().taskId(m.taskId())
                .round(m.round()).baseModelHash(m.baseModelHash()).rule(m.rule()).inputs(m.inputs())
                .exclusions(m.exclusions()).evidence(nothingTrimmed).outputHash(m.outputHash()).build(),
                honest.output()));
        for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
            Verification v = verifier.verifier(task).verify(round, 1);
            assertThat(v.verdict()).isEqualTo(Verdict.DISAGREE);
            assertThat(v.computedHash()).as("the output itself is right").isEqualTo(m.outputHash());
            verifier.verifier(task).attest(v);
        }
        assertThat(p.verifier2.verifier(task).resolve(round).record().state()).isEqualTo(RoundState.DISPUTED);
        p.aggregator.aggregator(task).propose(honest);
        for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
            verifier.verifier(task).attest(verifier.verifier(task).verify(round, 2));
        }
        assertThat(p.verifier3.verifier(task).resolve(round).record().state()).isEqualTo(RoundState.FINAL);
    }
}
