package org.fedledger.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.protocol.transaction.TransportLimits;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.payload.Payloads;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.Test;

/**
 * A hostile member tries to exhaust the endorsing peers' chaincode servers (issue 21, resources):
 * written as its moves, through the raw ledger connection (the SDK itself would refuse some of them
 * before sending), run on every ledger. Each ends in a stable error code, nothing is ordered, and the
 * honest members' round goes on as before.
 */
public abstract class ResourceAttackScenarios extends ConsortiumScenarios {
    private static final int MIB = 1024 * 1024;

    /** A task of the two-tensor schema that allows the largest payload a transaction carries. */
    private String openTaskAllowingTheLargestPayload(String purpose) {
        SdkParticipants p = people();
        TaskDefinition task = SdkParticipants.task(purpose).maxPayloadBytes(TransportLimits.MAX_PAYLOAD_BYTES).build();
        p.coordinator.coordinator().createTask(task);
        p.coordinator.coordinator().openRound(task.taskId());
        return task.taskId();
    }

    private static ContractRefusedException refused(Runnable move) {
        ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class, move::run);
        assertThat(e).as("the chaincode refuses the move").isNotNull();
        return e;
    }

    @Test
    void org1s_trainer_sends_sixteen_mebibytes_of_tiny_tensors_to_a_two_tensor_task_and_is_refused_by_size() {
        SdkParticipants p = people();
        String task = openTaskAllowingTheLargestPayload("tiny-tensors");
        byte[] one = ModelCodec.encode(Model.of(List.of(Tensor.of("t", new int[0], new float[] {1f}))));
        byte[] flood = new byte[16 * MIB / one.length * one.length];
        for (int at = 0; at < flood.length; at += one.length) {
            System.arraycopy(one, 0, flood, at, one.length);
        }
        LedgerConnection hostile = p.connection(p.trainer1);
        long height = hostile.blockHeight();

        ContractRefusedException e = refused(() -> hostile.submit(TransactionName.SUBMIT_UPDATE,
                List.of(task, "1", ContentHash.of(flood).hex(), "10", "0"),
                Payloads.transientChunks(Payloads.UPDATE_PREFIX, flood, Payloads.DEFAULT_CHUNK_SIZE)));

        assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_SIZE_MISMATCH);
        assertThat(e.retryable()).isFalse();
        assertThat(hostile.blockHeight()).as("nothing ordered").isEqualTo(height);
        // The honest trainers' round goes on.
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 20);
        p.trainer3.trainer(task).submitUpdate(1, SdkParticipants.model(3f), 30);
        assertThat(p.coordinator.coordinator().closeRound(task, 1).record().state()).isEqualTo(RoundState.CLOSED);
        assertThat(p.auditor.auditor().updates(task, 1)).hasSize(2);
    }

    @Test
    void org2s_trainer_cuts_its_update_into_a_flood_of_one_byte_chunks_and_is_refused() {
        SdkParticipants p = people();
        String task = openTaskAllowingTheLargestPayload("chunk-flood");
        Model update = SdkParticipants.model(2f);
        byte[] bytes = ModelCodec.encode(update);
        Map<String, byte[]> chunks = new HashMap<>();
        for (int i = 0; i <= TransportLimits.MAX_PAYLOAD_CHUNKS; i++) {
            chunks.put(Payloads.UPDATE_PREFIX + i, new byte[] {bytes[i % bytes.length]});
        }
        LedgerConnection hostile = p.connection(p.trainer2);
        long height = hostile.blockHeight();
        ContractRefusedException e = refused(() -> hostile.submit(TransactionName.SUBMIT_UPDATE,
                List.of(task, "1", ModelCodec.hash(update).hex(), "10", "0"), chunks));
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
        assertThat(hostile.blockHeight()).as("nothing ordered").isEqualTo(height);
        assertThat(p.auditor.auditor().updates(task, 1)).isEmpty();
    }

    @Test
    void the_aggregator_proposes_with_a_thirty_megabyte_manifest_and_is_refused_before_it_is_parsed() {
        SdkParticipants p = people();
        String task = openTaskAllowingTheLargestPayload("huge-manifest");
        p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 10);
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 20);
        p.coordinator.coordinator().closeRound(task, 1);
        String manifest = "{\"inputs\":[" + "{},".repeat(10_000_000) + "{}]}";
        LedgerConnection hostile = p.connection(p.aggregator);
        long height = hostile.blockHeight();

        ContractRefusedException e = refused(() -> hostile.submit(TransactionName.PROPOSE_MODEL,
                List.of(task, "1", manifest), Payloads.transientChunks(Payloads.MODEL_PREFIX,
                        ModelCodec.encode(SdkParticipants.model(0f)), Payloads.DEFAULT_CHUNK_SIZE)));

        assertThat(e.code()).isEqualTo(ErrorCode.ARGUMENT_TOO_LARGE);
        assertThat(e.detail()).contains("manifestJson");
        assertThat(hostile.blockHeight()).as("nothing ordered").isEqualTo(height);
        // The honest aggregation is still proposed.
        var honest = p.aggregator.aggregator(task).aggregate(1);
        assertThat(p.aggregator.aggregator(task).propose(honest).record().seq()).isEqualTo(1);
    }
}
