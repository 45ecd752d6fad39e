package org.fedledger.chaincode.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.chunks;
import static org.fedledger.chaincode.Consortium.taskJson;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.transaction.TransportLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CreateTaskTest {
    private final Consortium net = Consortium.fresh();
    private final byte[] initial = ModelCodec.encode(Consortium.initialModel());

    @BeforeEach
    void participants() {
        net.registered();
    }

    private FedLedgerException refusedCreate(String json, Map<String, byte[]> model) {
        return net.refused(net.coordinator, model, t -> t.c().createTask(t.ctx(), json));
    }

    @Nested
    class CreateTask {
        @Test
        void stores_the_task_and_model_version_zero_with_its_chunks() {
            net.withTask();
            Map<String, Object> task = Consortium.json(net.ledger.valueUtf8(Keys.task("mnist")).orElseThrow());
            assertThat(task).containsEntry("currentVersion", 0.0).containsEntry("lastRound", 0.0)
                    .containsEntry("createdBy", net.coordinator.id()).containsEntry("currentModelHash",
                            Consortium.hashOf(Consortium.initialModel()));
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.TASK_CREATED);
            // one copy per organisation of the task, in its own collection; none in the shared one or Org4's
            assertThat(net.lastStub().readWriteSet().privateWrites()).containsOnlyKeys(
                    Collections.modelsOf("Org1MSP"), Collections.modelsOf("Org2MSP"), Collections.modelsOf("Org3MSP"));
            for (String msp : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
                assertThat(net.lastStub().readWriteSet().privateWrites().get(Collections.modelsOf(msp)))
                        .containsOnlyKeys(Keys.modelChunk("mnist", 0, 0, 0));
            }
            assertThat(task).containsEntry("payloadLayout", "PER_ORGANISATION");
            byte[] back = net.evaluate(net.trainer1, t -> t.c().readModelPayload(t.ctx(), "mnist", "0"));
            assertThat(back).isEqualTo(initial);
            String read = net.evaluate(net.trainer1, t -> t.c().getTask(t.ctx(), "mnist"));
            assertThat(read).isEqualTo(net.ledger.valueUtf8(Keys.task("mnist")).orElseThrow());
        }

        @Test
        void sorts_allowed_orgs_and_schema() {
            net.withTask(taskJson(Map.of("allowedOrgs", List.of("Org3MSP", "Org1MSP", "Org2MSP"))));
            String stored = net.ledger.valueUtf8(Keys.task("mnist")).orElseThrow();
            assertThat(Consortium.json(stored)).containsEntry("allowedOrgs", List.of("Org1MSP", "Org2MSP", "Org3MSP"));
            assertThat(stored.indexOf("dense/bias")).isLessThan(stored.indexOf("dense/kernel"));
        }

        @Test
        void refuses_an_existing_task_id() {
            net.withTask();
            assertCode(refusedCreate(taskJson(Map.of()), chunks(TransientKeys.MODEL_PREFIX, initial, 1)),
                    ErrorCode.ALREADY_EXISTS);
        }

        @Test
        void refuses_anyone_but_a_coordinator() {
            assertCode(net.refused(net.trainer1, chunks(TransientKeys.MODEL_PREFIX, initial, 1),
                    t -> t.c().createTask(t.ctx(), taskJson(Map.of()))), ErrorCode.FORBIDDEN);
            assertCode(net.refused(net.stranger, chunks(TransientKeys.MODEL_PREFIX, initial, 1),
                    t -> t.c().createTask(t.ctx(), taskJson(Map.of()))), ErrorCode.UNKNOWN_IDENTITY);
        }

        @Test
        void refuses_a_missing_or_foreign_initial_model() {
            assertCode(refusedCreate(taskJson(Map.of()), Map.of()), ErrorCode.MALFORMED_PAYLOAD);
            assertCode(refusedCreate(taskJson(Map.of()), chunks(TransientKeys.UPDATE_PREFIX, initial, 1)),
                    ErrorCode.MALFORMED_PAYLOAD);
            byte[] other = ModelCodec.encode(org.fedledger.core.model.Model.of(List.of(
                    org.fedledger.core.model.Tensor.of("w", new int[] {1}, new float[] {1}))));
            assertCode(refusedCreate(taskJson(Map.of()), chunks(TransientKeys.MODEL_PREFIX, other, 1)),
                    ErrorCode.PAYLOAD_SIZE_MISMATCH);
            byte[] renamed = ModelCodec.encode(org.fedledger.core.model.Model.of(List.of(
                    org.fedledger.core.model.Tensor.of("dense/kernel", new int[] {2, 2}, new float[4]),
                    org.fedledger.core.model.Tensor.of("dense/biaz", new int[] {2}, new float[2]))));
            assertCode(refusedCreate(taskJson(Map.of()), chunks(TransientKeys.MODEL_PREFIX, renamed, 1)),
                    ErrorCode.SCHEMA_MISMATCH);
        }
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("taskId", "bad id!"), Arguments.of("taskId", ""), Arguments.of("taskId", "x".repeat(65)),
                Arguments.of("taskId", 5),
                Arguments.of("schema", List.of()), Arguments.of("schema", "w"),
                Arguments.of("schema", List.of(Map.of("name", "w", "shape", List.of(0)))),
                Arguments.of("schema", List.of(Map.of("name", "w", "shape", List.of(1)), Map.of("name", "w", "shape",
                        List.of(2)))),
                Arguments.of("schema", List.of(Map.of("name", "w", "shape", List.of(1), "dtype", "f32"))),
                Arguments.of("rule", Map.of("name", "magic", "params", Map.of())),
                Arguments.of("rule", Map.of("name", "fedavg", "params", Map.of("beta", "0.1"))),
                Arguments.of("rule", Map.of("name", "fedavg")),
                Arguments.of("minUpdates", 0), Arguments.of("minUpdates", 4), Arguments.of("minUpdates", "2"),
                Arguments.of("maxUpdates", 0), Arguments.of("maxUpdates", 10_001),
                Arguments.of("attestationQuorum", 1), Arguments.of("attestationQuorum", 3),
                Arguments.of("attestationQuorum", 4),
                Arguments.of("roundDurationSeconds", 0), Arguments.of("maxSamples", 0),
                Arguments.of("maxPayloadBytes", 10), Arguments.of("maxPayloadBytes", 256L * 1024 * 1024),
                Arguments.of("maxPayloadBytes", TransportLimits.MAX_PAYLOAD_BYTES + 1),
                Arguments.of("allowedOrgs", List.of()), Arguments.of("allowedOrgs", List.of("Org1MSP", "Org1MSP")),
                Arguments.of("allowedOrgs", List.of("Org 1")), Arguments.of("allowedOrgs", "Org1MSP"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badFields")
    void refuses_an_invalid_field_naming_it(String field, Object value) {
        FedLedgerException e = refusedCreate(taskJson(Map.of(field, value)), chunks(TransientKeys.MODEL_PREFIX,
                initial, 1));
        assertCode(e, ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains(field);
        assertThat(e.field()).hasValueSatisfying(f -> assertThat(f).contains(field));
    }

    @Test
    void refuses_fewer_minimum_updates_than_the_rule_can_aggregate() {
        // Krum with f = 1 needs 5 updates; a round closed with 3 could never be aggregated.
        FedLedgerException e = refusedCreate(taskJson(Map.of("rule", Map.of("name", "krum", "params", Map.of("f", "1")),
                "minUpdates", 3, "maxUpdates", 10)), chunks(TransientKeys.MODEL_PREFIX, initial, 1));
        assertCode(e, ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("minUpdates").contains("5");
        net.withTask(taskJson(Map.of("rule", Map.of("name", "krum", "params", Map.of("f", "1")), "minUpdates", 5,
                "maxUpdates", 10)));
    }

    @Test
    void refuses_a_quorum_that_the_organisations_besides_a_proposers_cannot_meet() {
        // The proposer's organisation never counts: two organisations can never give a quorum of two.
        FedLedgerException e = refusedCreate(taskJson(Map.of("allowedOrgs", List.of("Org1MSP", "Org2MSP"))),
                chunks(TransientKeys.MODEL_PREFIX, initial, 1));
        assertCode(e, ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("attestationQuorum").contains("other than a proposer's");
        net.withTask(taskJson(Map.of("allowedOrgs", List.of("Org1MSP", "Org2MSP", "Org3MSP"), "attestationQuorum",
                2)));
    }

    @Test
    void refuses_a_quorum_of_one_even_with_one_allowed_org() {
        FedLedgerException e = refusedCreate(taskJson(Map.of("allowedOrgs", List.of("Org1MSP"), "attestationQuorum",
                1)),
                chunks(TransientKeys.MODEL_PREFIX, initial, 1));
        assertCode(e, ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("attestationQuorum");
    }

    @Test
    void refuses_unknown_and_missing_fields_and_malformed_json() {
        Map<String, Object> extra = new HashMap<>();
        extra.put("privacy", true);
        assertThat(refusedCreate(taskJson(extra), chunks(TransientKeys.MODEL_PREFIX, initial,
                1)).getMessage()).contains("privacy");
        Map<String, Object> missing = new HashMap<>();
        missing.put("maxSamples", null);
        assertThat(refusedCreate(taskJson(missing), chunks(TransientKeys.MODEL_PREFIX, initial,
                1)).getMessage()).contains("maxSamples");
        for (String bad : new String[] {"", "{", "[]", "{\"taskId\":\"a\",\"taskId\":\"b\"}", "{\"minUpdates\":1.5}"}) {
            assertCode(refusedCreate(bad, chunks(TransientKeys.MODEL_PREFIX, initial, 1)), ErrorCode.INVALID_ARGUMENT);
        }
    }
}
