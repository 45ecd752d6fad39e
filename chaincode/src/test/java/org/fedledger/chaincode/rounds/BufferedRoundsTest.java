package org.fedledger.chaincode.rounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.chunks;
import static org.fedledger.chaincode.Consortium.model;

import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.junit.jupiter.api.Test;

/**
 * Buffered (asynchronous) rounds, docs/round-modes.md: a task whose rule has {@code max_staleness S}
 * accepts updates trained from any of the last {@code S + 1} global versions, refuses older and newer
 * ones, and its close admits each with the exact staleness weight {@code samples * lcm(1..S+1) / (1 +
 * tau)} that every manifest then has to carry.
 */
class BufferedRoundsTest {
    private final Consortium net = Consortium.fresh();

    private void bufferedTask(int maxStaleness) {
        net.registered().withTask(Consortium.taskJson(Map.of("rule", Map.of("name", "fedavg", "params",
                Map.of("max_staleness", String.valueOf(maxStaleness))), "maxOrgSharePercent", 100)));
    }

    private String submit(TestIdentity trainer, int round, Model update, long samples, long baseVersion) {
        byte[] bytes = ModelCodec.encode(update);
        return net.submit(trainer, chunks(TransientKeys.UPDATE_PREFIX, bytes, 1), t -> t.c().submitUpdate(t.ctx(),
                Consortium.TASK, String.valueOf(round), ContentHash.of(bytes).hex(), String.valueOf(samples),
                String.valueOf(baseVersion)));
    }

    private ErrorCode refusedSubmit(TestIdentity trainer, int round, long baseVersion) {
        byte[] bytes = ModelCodec.encode(model(9f));
        return net.refused(trainer, chunks(TransientKeys.UPDATE_PREFIX, bytes, 1), t -> t.c().submitUpdate(t.ctx(),
                Consortium.TASK, String.valueOf(round), ContentHash.of(bytes).hex(), "10",
                String.valueOf(baseVersion))).code();
    }

    /** Closes the round, proposes the task rule's aggregate, has two other organisations agree, resolves. */
    private void finalise(int number) {
        net.closeRound(net.coordinator, number);
        Consortium.Proposal p = net.aggregate(number, net.task().rule().spec());
        net.propose(number, p);
        net.attest(net.verifier2, number, 1, "AGREE", p.outputHash());
        net.attest(net.verifier3, number, 1, "AGREE", p.outputHash());
        net.resolve(net.coordinator, number);
        assertThat(net.round(number).state()).isEqualTo(RoundState.FINAL);
    }

    /** Rounds 1 .. n with three fresh updates each, FINAL: the task's current version is n. */
    private void freshRounds(int n) {
        for (int r = 1; r <= n; r++) {
            net.openRound();
            long base = net.round(r).baseVersion();
            submit(net.trainer1, r, model(r), 100, base);
            submit(net.trainer2, r, model(r + 0.5f), 200, base);
            finalise(r);
        }
    }

    @Test
    void a_stale_update_is_accepted_within_the_bound_and_weighed_down_exactly_at_the_close() {
        bufferedTask(2); // L = lcm(1, 2, 3) = 6
        freshRounds(2);
        net.openRound();
        assertThat(net.round(3).baseVersion()).isEqualTo(2);
        submit(net.trainer1, 3, model(7f), 100, 2); // fresh: 100 * 6
        submit(net.trainer2, 3, model(8f), 300, 1); // one behind: 300 * 6 / 2
        submit(net.trainer3, 3, model(9f), 600, 0); // two behind: 600 * 6 / 3
        net.closeRound(net.coordinator, 3);
        assertThat(net.round(3).accepted()).extracting(AcceptedUpdate::contributor, AcceptedUpdate::samples)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(net.trainer1.id(), 600L),
                        org.assertj.core.groups.Tuple.tuple(net.trainer2.id(), 900L),
                        org.assertj.core.groups.Tuple.tuple(net.trainer3.id(), 1200L));
        Consortium.Proposal p = net.aggregate(3, net.task().rule().spec());
        assertThat(p.manifest().inputs()).extracting(ManifestInput::weightNumerator)
                .containsExactlyInAnyOrder(600L, 900L, 1200L);
        net.propose(3, p);
        assertThat(net.round(3).state()).isEqualTo(RoundState.PROPOSED);
    }

    @Test
    void a_manifest_that_weighs_a_stale_update_as_fresh_is_refused() {
        bufferedTask(1);
        freshRounds(1);
        net.openRound();
        submit(net.trainer1, 2, model(7f), 100, 1);
        submit(net.trainer2, 2, model(8f), 100, 0);
        net.closeRound(net.coordinator, 2);
        // The aggregate a proposer would make if it ignored staleness: both updates at their declared samples.
        RoundRecord closed = net.round(2);
        List<AcceptedUpdate> asFresh = closed.accepted().stream()
                .map(a -> new AcceptedUpdate(a.key(), a.contributor(), a.hash(), 100L)).toList();
        RoundRecord forged = new RoundRecord(closed.taskId(), closed.round(), closed.state(), closed.baseVersion(),
                closed.baseModelHash(), closed.openedAt(), closed.deadline(), closed.closedAt(), asFresh,
                closed.overCapacity(), closed.overCapacityUnlisted(), closed.proposalSeq(), closed.deadlineVotes(),
                closed.txId());
        byte[] base = net.evaluate(net.aggregator, t -> t.c().readModelPayload(t.ctx(), Consortium.TASK, "1"));
        var wrong = org.fedledger.protocol.mapping.RoundInputs.aggregate(net.task(), forged, net.task().rule().spec(),
                ModelCodec.decode(base), a -> net.evaluate(net.aggregator, t -> t.c().readUpdatePayload(t.ctx(),
                        Consortium.TASK, "2", a.contributor())));
        var e = net.refused(net.aggregator, chunks(TransientKeys.MODEL_PREFIX, ModelCodec.encode(wrong.output()), 1),
                t -> t.c().proposeModel(t.ctx(), Consortium.TASK, "2", RecordJson.write(wrong.manifest())));
        assertCode(e, ErrorCode.MANIFEST_MISMATCH);
    }

    @Test
    void refuses_an_update_from_beyond_the_bound_or_from_a_version_not_yet_made() {
        bufferedTask(1);
        freshRounds(2);
        net.openRound(); // round 3 trains from version 2 and accepts versions 1 and 2
        assertThat(refusedSubmit(net.trainer1, 3, 0)).isEqualTo(ErrorCode.STALE_BASE_MODEL);
        assertThat(refusedSubmit(net.trainer1, 3, 3)).isEqualTo(ErrorCode.STALE_BASE_MODEL);
        submit(net.trainer1, 3, model(7f), 100, 1);
    }

    @Test
    void a_synchronous_task_still_accepts_only_the_rounds_own_base() {
        net.registered().withTask();
        freshRounds(1);
        net.openRound();
        assertThat(refusedSubmit(net.trainer1, 2, 0)).isEqualTo(ErrorCode.STALE_BASE_MODEL);
        submit(net.trainer1, 2, model(7f), 100, 1);
    }

    @Test
    void refuses_a_buffered_secure_task_and_a_sample_bound_whose_weights_would_leave_exact_doubles() {
        net.registered();
        var secure = net.refused(net.coordinator, chunks(TransientKeys.MODEL_PREFIX,
                ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(),
                        Consortium.taskJson(Map.of("rule", Map.of("name", "exact_fedavg", "params",
                                Map.of("scale_bits", "24", "max_staleness", "2")), "maxOrgSharePercent", 100,
                                "privacy", Map.of("mode", "SECURE", "threshold", 2)))));
        assertCode(secure, ErrorCode.PRIVACY_RULE_UNSUPPORTED);
        var tooMany = net.refused(net.coordinator, chunks(TransientKeys.MODEL_PREFIX,
                ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(),
                        Consortium.taskJson(Map.of("rule", Map.of("name", "fedavg", "params",
                                Map.of("max_staleness", "10")), "maxSamples", 1_000_000_000_000L))));
        assertCode(tooMany, ErrorCode.INVALID_ARGUMENT);
        assertThat(tooMany.getMessage()).contains("maxSamples");
        var median = net.refused(net.coordinator, chunks(TransientKeys.MODEL_PREFIX,
                ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(),
                        Consortium.taskJson(Map.of("rule", Map.of("name", "median", "params",
                                Map.of("max_staleness", "1"))))));
        assertCode(median, ErrorCode.INVALID_ARGUMENT);
    }
}
