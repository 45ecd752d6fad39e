package org.fedledger.it.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.UpdateCodec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.it.sdk.ConsortiumScenarios;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.payload.Payloads;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A hostile member's moves through the SDK, written once and run on every ledger
 * ({@code docs/threat-model.md}). Each ends in a stable error code or an unchanged outcome for the
 * honest members. A trainer of a task with compressed updates ({@code docs/round-modes.md}) sends, through
 * its raw connection, bytes the task's codec cannot hold.
 */
public abstract class HostileMemberScenarios extends ConsortiumScenarios {
    /** The compressed-update task's codec: int4 codes in blocks of 2. */
    private static final String INT4_CODEC = "int4/2";
    private final List<LedgerConnection> extra = new ArrayList<>();

    /**
     * @return an organisation of the channel outside the consortium's three-organisation tasks, where the
     *     ledger under test has one (a task needs at least three organisations, so that two can attest
     *     without the proposer's)
     */
    protected abstract java.util.OptionalInt outsideOrganisation();

    /** Person {@code user} of organisation {@code org}, registered by its admin with {@code roles}. */
    private FedLedger member(int org, String user, Role... roles) {
        LedgerConnection adminConnection = connect(org, "Admin");
        LedgerConnection memberConnection = connect(org, user);
        extra.add(adminConnection);
        extra.add(memberConnection);
        FedLedger member = FedLedger.over(memberConnection);
        if (!member.whoAmI().registered()) {
            member.membership().requestRoles(roles);
            FedLedger.over(adminConnection).admin().register(memberConnection.identity().certificatePem(), roles);
        }
        return member;
    }

    private String newTask(TaskDefinition.Builder definition) {
        TaskDefinition task = definition.build();
        people().coordinator.coordinator().createTask(task);
        return task.taskId();
    }

    private static long weightOf(RoundRecord round, FedLedger trainer) {
        String id = trainer.whoAmI().id();
        return round.accepted().stream().filter(a -> a.contributor().equals(id)).mapToLong(AcceptedUpdate::samples)
                .findFirst().orElseThrow();
    }

    @Test
    void a_trainer_declaring_the_task_maximum_carries_at_most_half_of_the_round_and_the_verifiers_agree() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("weight"));
        p.coordinator.coordinator().openRound(task);
        p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(9f), 100_000);
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 135);
        p.trainer3.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 135);
        RoundRecord closed = p.coordinator.coordinator().closeRound(task, 1).record();

        assertThat(weightOf(closed, p.trainer1)).isEqualTo(270);
        assertThat(weightOf(closed, p.trainer2)).isEqualTo(135);
        assertThat(weightOf(closed, p.trainer3)).isEqualTo(135);
        Aggregation next = p.aggregator.aggregator(task).aggregate(1);
        p.aggregator.aggregator(task).propose(next);
        for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
            Verification v = verifier.verifier(task).verify(1, 1);
            assertThat(v.verdict()).as(v.reason().orElse("")).isEqualTo(Verdict.AGREE);
            verifier.verifier(task).attest(v);
        }
        assertThat(p.verifier3.verifier(task).resolve(1).record().state()).isEqualTo(RoundState.FINAL);
    }

    @Test
    void an_admin_registering_identities_that_rank_first_takes_only_its_own_turn() {
        SdkParticipants p = people();
        RoundRecord closed = threeOfOrg1AndOneOfEachOtherSubmit(p, SdkParticipants.task("admission").updates(2, 3));

        List<String> accepted = closed.accepted().stream().map(AcceptedUpdate::contributor).toList();
        assertThat(accepted).hasSize(3).contains(p.trainer2.whoAmI().id(), p.trainer3.whoAmI().id());
        assertThat(closed.overCapacity()).hasSize(2);
    }

    @Test
    void an_admin_flooding_a_round_with_identities_leaves_a_record_of_at_most_twice_max_updates() {
        RoundRecord closed = threeOfOrg1AndOneOfEachOtherSubmit(people(),
                SdkParticipants.task("flood").updates(1, 1));

        // Five updates for one place: one accepted, the next in the turns listed, three only counted.
        assertThat(closed.accepted()).hasSize(1);
        assertThat(closed.overCapacity()).hasSize(1);
        assertThat(closed.overCapacityUnlisted()).isEqualTo(3);
        assertThat(closed.overCapacityCount()).isEqualTo(4);
    }

    /**
     * Org1's admin has three identities submit to round 1 of a new task, Org2's and Org3's trainers one
     * each, and the coordinator closes the round.
     */
    private RoundRecord threeOfOrg1AndOneOfEachOtherSubmit(SdkParticipants p, TaskDefinition.Builder definition) {
        List<FedLedger> org1 = List.of(p.trainer1, member(1, "User5", Role.TRAINER), member(1, "User6", Role.TRAINER));
        String task = newTask(definition);
        p.coordinator.coordinator().openRound(task);
        float seed = 1f;
        for (FedLedger trainer : org1) {
            trainer.trainer(task).submitUpdate(1, SdkParticipants.model(seed++), 100);
        }
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(seed++), 100);
        p.trainer3.trainer(task).submitUpdate(1, SdkParticipants.model(seed), 100);
        return p.coordinator.coordinator().closeRound(task, 1).record();
    }

    @Test
    void an_organisation_outside_the_task_can_neither_run_its_rounds_nor_read_its_bytes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(outsideOrganisation().isPresent(),
                "the ledger under test has no organisation outside a three-organisation task");
        SdkParticipants p = people();
        FedLedger outsider = member(outsideOrganisation().getAsInt(), "User5", Role.COORDINATOR, Role.AGGREGATOR,
                Role.AUDITOR);
        String task = newTask(SdkParticipants.task("scope"));

        ContractRefusedException open = catchThrowableOfType(ContractRefusedException.class,
                () -> outsider.coordinator().openRound(task));
        assertThat(open.code()).isEqualTo(ErrorCode.FORBIDDEN);
        p.coordinator.coordinator().openRound(task);
        p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 100);

        ContractRefusedException update = catchThrowableOfType(ContractRefusedException.class,
                () -> outsider.auditor().updatePayload(task, 1, p.trainer1.whoAmI().id()));
        assertThat(update.code()).isEqualTo(ErrorCode.FORBIDDEN);
        ContractRefusedException model = catchThrowableOfType(ContractRefusedException.class,
                () -> outsider.auditor().verifiedModel(task, 0));
        assertThat(model.code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void a_verifier_cannot_close_an_open_round_before_its_deadline() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("early"));
        p.coordinator.coordinator().openRound(task);
        p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 100);
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 100);

        ContractRefusedException early = catchThrowableOfType(ContractRefusedException.class,
                () -> member(3, "User2", Role.VERIFIER).coordinator().closeRound(task, 1));
        assertThat(early.code()).isEqualTo(ErrorCode.DEADLINE_NOT_REACHED);
        assertThat(p.auditor.auditor().round(task, 1).state()).isEqualTo(RoundState.OPEN);
        p.trainer3.trainer(task).submitUpdate(1, SdkParticipants.model(3f), 100);
        assertThat(p.auditor.auditor().updates(task, 1)).hasSize(3);
    }

    @AfterAll
    void closeExtraConnections() {
        extra.forEach(LedgerConnection::close);
    }

    // ---- compressed updates (docs/round-modes.md): raw bytes the task's codec cannot hold

    private String openInt4Task(String purpose) {
        SdkParticipants p = people();
        TaskDefinition task = SdkParticipants.task(purpose).rule(RuleSpec.of(RuleName.EXACT_FEDAVG,
                Map.of(RuleSpec.SCALE_BITS, "20", RuleSpec.CODEC, INT4_CODEC))).build();
        p.coordinator.coordinator().createTask(task);
        p.coordinator.coordinator().openRound(task.taskId());
        return task.taskId();
    }

    private ContractRefusedException sendsRaw(FedLedger trainer, String task, byte[] bytes) {
        LedgerConnection hostile = people().connection(trainer);
        long height = hostile.blockHeight();
        ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class, () -> hostile.submit(
                TransactionName.SUBMIT_UPDATE, List.of(task, "1", ContentHash.of(bytes).hex(), "10", "0"),
                Payloads.transientChunks(Payloads.UPDATE_PREFIX, bytes, Payloads.DEFAULT_CHUNK_SIZE)));
        assertThat(e).as("the chaincode refuses the move").isNotNull();
        assertThat(hostile.blockHeight()).as("nothing ordered").isEqualTo(height);
        return e;
    }

    private static byte[] honestInt4(String task, FedLedger trainer, float seed) {
        return UpdateCodec.parse(INT4_CODEC).encode(SdkParticipants.model(seed), SdkParticipants.model(0f), 20,
                UpdateCodec.seed(task, 1, trainer.whoAmI().id()), new double[0]).bytes();
    }

    @Test
    void a_trainer_of_an_int4_task_sends_codes_beyond_its_range_and_a_float32_update_and_is_refused_each_time() {
        SdkParticipants p = people();
        String task = openInt4Task("codec-range");
        byte[] exponent = honestInt4(task, p.trainer1, 1f);
        exponent[8] = 28; // int4 block exponents stop at 27
        byte[] code = honestInt4(task, p.trainer1, 1f);
        code[9] = (byte) ((code[9] & 0xF0) | 0x8); // -8 is no int4 code
        Model update = SdkParticipants.model(1f);

        assertThat(sendsRaw(p.trainer1, task, exponent).code()).isEqualTo(ErrorCode.CODE_OUT_OF_RANGE);
        assertThat(sendsRaw(p.trainer1, task, code).code()).isEqualTo(ErrorCode.CODE_OUT_OF_RANGE);
        assertThat(sendsRaw(p.trainer1, task, ModelCodec.encode(update)).code()).isEqualTo(ErrorCode.PAYLOAD_SIZE_MISMATCH);

        // The honest trainers' compressed updates close the round.
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 20);
        p.trainer3.trainer(task).submitUpdate(1, SdkParticipants.model(3f), 30);
        assertThat(p.coordinator.coordinator().closeRound(task, 1).record().state()).isEqualTo(RoundState.CLOSED);
        assertThat(p.auditor.auditor().updates(task, 1)).hasSize(2).allSatisfy(u -> assertThat(u.size())
                .isEqualTo(UpdateCodec.parse(INT4_CODEC).encodedSize(SdkParticipants.model(0f).schema())));
    }

    @Test
    void a_trainer_of_an_int4_task_sends_a_larger_exponent_than_it_needs_and_is_refused() {
        SdkParticipants p = people();
        String task = openInt4Task("codec-canonical");
        byte[] bytes = honestInt4(task, p.trainer2, 2f);
        bytes[8] = 5;
        bytes[9] = 0x11; // codes 1 and 1 at exponent 5 are the offsets 32 and 32, whose one form has exponent 4
        assertThat(sendsRaw(p.trainer2, task, bytes).code()).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
        assertThat(p.auditor.auditor().updates(task, 1)).isEmpty();
    }
}
