package org.fedledger.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.UpdateCodec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.payload.Payloads;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.Test;

/**
 * A hostile trainer of a task with compressed updates (int4 blocks of 2) sends bytes the task's codec
 * cannot hold, through the raw ledger connection (the SDK encodes honestly), on every ledger: each move
 * ends in a stable error code, nothing is ordered, and the honest trainers' compressed round closes.
 */
public abstract class CodecAttackScenarios extends ConsortiumScenarios {
    private static final String CODEC = "int4/2";

    private String openInt4Task(String purpose) {
        SdkParticipants p = people();
        TaskDefinition task = SdkParticipants.task(purpose).rule(RuleSpec.of(RuleName.EXACT_FEDAVG,
                Map.of(RuleSpec.SCALE_BITS, "20", RuleSpec.CODEC, CODEC))).build();
        p.coordinator.coordinator().createTask(task);
        p.coordinator.coordinator().openRound(task.taskId());
        return task.taskId();
    }

    private ContractRefusedException sends(FedLedger trainer, String task, byte[] bytes) {
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
        return UpdateCodec.parse(CODEC).encode(SdkParticipants.model(seed), SdkParticipants.model(0f), 20,
                UpdateCodec.seed(task, 1, trainer.whoAmI().id()), new double[0]).bytes();
    }

    @Test
    void org1s_trainer_sends_codes_beyond_the_int4_range_and_a_float32_update_and_is_refused_each_time() {
        SdkParticipants p = people();
        String task = openInt4Task("codec-range");
        byte[] exponent = honestInt4(task, p.trainer1, 1f);
        exponent[8] = 28; // int4 block exponents stop at 27
        byte[] code = honestInt4(task, p.trainer1, 1f);
        code[9] = (byte) ((code[9] & 0xF0) | 0x8); // -8 is no int4 code
        Model update = SdkParticipants.model(1f);

        assertThat(sends(p.trainer1, task, exponent).code()).isEqualTo(ErrorCode.CODE_OUT_OF_RANGE);
        assertThat(sends(p.trainer1, task, code).code()).isEqualTo(ErrorCode.CODE_OUT_OF_RANGE);
        assertThat(sends(p.trainer1, task, ModelCodec.encode(update)).code()).isEqualTo(ErrorCode.PAYLOAD_SIZE_MISMATCH);

        // The honest trainers' compressed updates close the round.
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 20);
        p.trainer3.trainer(task).submitUpdate(1, SdkParticipants.model(3f), 30);
        assertThat(p.coordinator.coordinator().closeRound(task, 1).record().state()).isEqualTo(RoundState.CLOSED);
        assertThat(p.auditor.auditor().updates(task, 1)).hasSize(2).allSatisfy(u -> assertThat(u.size())
                .isEqualTo(UpdateCodec.parse(CODEC).encodedSize(SdkParticipants.model(0f).schema())));
    }

    @Test
    void org2s_trainer_sends_an_int4_update_with_a_larger_exponent_than_it_needs_and_is_refused() {
        SdkParticipants p = people();
        String task = openInt4Task("codec-canonical");
        byte[] bytes = honestInt4(task, p.trainer2, 2f);
        bytes[8] = 5;
        bytes[9] = 0x11; // codes 1 and 1 at exponent 5 are the offsets 32 and 32, whose one form has exponent 4
        assertThat(sends(p.trainer2, task, bytes).code()).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
        assertThat(p.auditor.auditor().updates(task, 1)).isEmpty();
    }
}
