package org.fedledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.chunks;
import static org.fedledger.chaincode.Consortium.model;
import static org.fedledger.chaincode.Consortium.taskJson;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.contract.FedLedgerContext;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.embedded.peer.SimulationStub;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.transaction.TransportLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A hostile member tries to make the chaincode spend memory or time out of all proportion to what a
 * task allows: a payload of millions of tiny tensors, a payload cut into a flood of chunks, arguments
 * of tens of megabytes. Each attempt ends in a stable error code, with nothing written, and the
 * chaincode's own allocations stay small (measured per thread, not by the clock).
 */
class HostileResourceUseTest {
    private static final long MIB = 1024 * 1024;

    private final Consortium net = Consortium.fresh();

    /** Bytes the current thread has allocated so far (HotSpot counts them per thread). */
    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** 16 MiB of one-value tensors: each costs the decoder about a hundred times its 12 bytes. */
    private static byte[] sixteenMebibytesOfTinyTensors() {
        byte[] one = ModelCodec.encode(Model.of(List.of(Tensor.of("t", new int[0], new float[] {1f}))));
        byte[] flood = new byte[(int) (16 * MIB / one.length * one.length)];
        for (int at = 0; at < flood.length; at += one.length) {
            System.arraycopy(one, 0, flood, at, one.length);
        }
        return flood;
    }

    private void assertNothingWritten(SimulationStub stub) {
        assertThat(stub.readWriteSet().writes()).isEmpty();
        assertThat(stub.readWriteSet().privateWrites().values()).allSatisfy(w -> assertThat(w).isEmpty());
        assertThat(stub.event().map(e -> e.name())).isEmpty();
    }

    @Nested
    class ATrainerOfATaskThatAllowsTheLargestPayload {
        private long allocatedInChaincode;

        @BeforeEach
        void openRoundOneOfATwoTensorTask() {
            net.registered().withTask(taskJson(Map.of("maxPayloadBytes", TransportLimits.MAX_PAYLOAD_BYTES)));
            net.openRound();
        }

        private FedLedgerException submits(Map<String, byte[]> transientData, byte[] payload) {
            return net.refused(net.trainer1, transientData, t -> {
                FedLedgerContext ctx = t.ctx(); // the stub copies the transient map here
                long before = allocatedByThisThread();
                try {
                    return t.c().submitUpdate(ctx, Consortium.TASK, "1", ContentHash.of(payload).hex(), "10", "0");
                } finally {
                    allocatedInChaincode = allocatedByThisThread() - before;
                }
            });
        }

        @Test
        void sends_sixteen_mebibytes_of_tiny_tensors_and_is_refused_by_size_before_a_byte_is_decoded() {
            byte[] flood = sixteenMebibytesOfTinyTensors();
            FedLedgerException e = submits(chunks(TransientKeys.UPDATE_PREFIX, flood, 16), flood);
            assertCode(e, ErrorCode.PAYLOAD_SIZE_MISMATCH);
            assertThat(e.getMessage()).contains(flood.length + " bytes").contains("exactly "
                    + ModelCodec.encode(model(0f)).length + " bytes");
            assertNothingWritten(net.lastStub());
            // Before the size check, decoding this payload allocated about 1.5 GiB; joining its chunks alone is 16 MiB.
            assertThat(allocatedInChaincode).isLessThan(MIB);
        }

        @Test
        void cuts_a_valid_update_into_more_chunks_than_a_payload_may_have_and_is_refused() {
            byte[] update = ModelCodec.encode(model(1f));
            Map<String, byte[]> flood = new HashMap<>();
            for (int i = 0; i <= TransportLimits.MAX_PAYLOAD_CHUNKS; i++) {
                flood.put(TransientKeys.UPDATE_PREFIX + i, new byte[] {update[i % update.length]});
            }
            FedLedgerException e = submits(flood, update);
            assertCode(e, ErrorCode.MALFORMED_PAYLOAD);
            assertThat(e.getMessage()).contains("at most " + TransportLimits.MAX_PAYLOAD_CHUNKS + " chunks");
            assertNothingWritten(net.lastStub());
        }

        @Test
        void pads_a_valid_update_by_one_byte_and_is_refused_by_size() {
            byte[] update = ModelCodec.encode(model(1f));
            byte[] padded = java.util.Arrays.copyOf(update, update.length + 1);
            assertCode(submits(chunks(TransientKeys.UPDATE_PREFIX, padded, 2), padded),
                    ErrorCode.PAYLOAD_SIZE_MISMATCH);
            assertNothingWritten(net.lastStub());
        }
    }

    @Nested
    class AnHonestTrainerOfTheLargestModelATaskAllows {
        @Test
        void has_its_update_checked_without_the_chaincode_copying_or_decoding_it() {
            int values = (int) (4 * MIB); // 16 MiB of weights
            Model initial = Model.of(List.of(Tensor.of("w", new int[] {values}, new float[values])));
            byte[] initialBytes = ModelCodec.encode(initial);
            String json = taskJson(Map.of("taskId", "big", "schema", List.of(Map.of("name", "w", "shape",
                    List.of(values))), "maxPayloadBytes", initialBytes.length));
            net.registered();
            net.submit(net.coordinator, chunks(TransientKeys.MODEL_PREFIX, initialBytes, 16),
                    t -> t.c().createTask(t.ctx(), json));
            net.submit(net.coordinator, t -> t.c().openRound(t.ctx(), "big"));
            float[] weights = new float[values];
            java.util.Arrays.fill(weights, 0.5f);
            byte[] update = ModelCodec.encode(Model.of(List.of(Tensor.of("w", new int[] {values}, weights))));
            long[] allocated = new long[1];
            net.submit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, update, 16), t -> {
                FedLedgerContext ctx = t.ctx();
                long before = allocatedByThisThread();
                String record = t.c().submitUpdate(ctx, "big", "1", ContentHash.of(update).hex(), "10", "0");
                allocated[0] = allocatedByThisThread() - before;
                return record;
            });
            assertThat(net.ledger.privateSnapshot("Org1MSP", org.fedledger.protocol.key.Collections.updatesOf("Org1MSP")))
                    .containsKey(Keys.updateChunk("big", 1, net.trainer1.id(), 15));
            // The stub copies every chunk it stores, once per copy: one payload for each of the task's three
            // organisations (Fabric's shim sends each write before the next, so its copies do not add up). The
            // chaincode itself adds next to nothing; joining the chunks and decoding the model, as before,
            // added two payloads more.
            assertThat(allocated[0]).isLessThan(3L * update.length + MIB);
        }
    }

    @Nested
    class AMemberSendingHugeArguments {
        @BeforeEach
        void aTaskExists() {
            net.registered().withTask();
        }

        private FedLedgerException refusedAtContext(org.fedledger.chaincode.testing.TestIdentity who,
                String... args) {
            SimulationStub stub = net.newStub(who, net.now(), Map.of(), args);
            FedLedgerException e = catchThrowableOfType(FedLedgerException.class, () -> net.contract.createContext(stub));
            assertThat(e).as("refused before the transaction's method runs").isNotNull();
            assertNothingWritten(stub);
            return e;
        }

        @Test
        void an_aggregator_proposes_with_a_thirty_megabyte_manifest_and_is_refused_before_it_is_parsed() {
            String manifest = "{\"inputs\":[" + "{},".repeat(10_000_000) + "{}]}";
            FedLedgerException e = refusedAtContext(net.aggregator, "proposeModel", Consortium.TASK, "1", manifest);
            assertCode(e, ErrorCode.ARGUMENT_TOO_LARGE);
            assertThat(e.field()).hasValue("manifestJson");
            assertThat(e.getMessage()).contains(String.valueOf(TransportLimits.MAX_ARGUMENT_BYTES));
        }

        @Test
        void a_coordinator_creates_a_task_from_a_nine_mebibyte_definition_and_is_refused() {
            String json = " ".repeat(9 * 1024 * 1024) + taskJson(Map.of("taskId", "other"));
            assertCode(refusedAtContext(net.coordinator, "fedledger:createTask", json), ErrorCode.ARGUMENT_TOO_LARGE);
        }

        @Test
        void an_admin_registers_a_certificate_of_nine_mebibytes_and_is_refused() {
            String pem = "A".repeat(9 * 1024 * 1024);
            FedLedgerException e = refusedAtContext(net.admin1, "registerParticipant", pem, "trainer");
            assertCode(e, ErrorCode.ARGUMENT_TOO_LARGE);
            assertThat(e.field()).hasValue("certificatePem");
        }

        @Test
        void sends_an_argument_of_exactly_the_limit_and_is_judged_on_its_content_instead() {
            String manifest = "x".repeat(TransportLimits.MAX_ARGUMENT_BYTES);
            FedLedgerException e = net.refused(net.aggregator, t -> t.c().proposeModel(net.contract.createContext(
                    net.newStub(net.aggregator, net.now(), Map.of(), "proposeModel", Consortium.TASK, "1",
                            manifest)), Consortium.TASK, "1", manifest));
            assertThat(e.code()).isNotEqualTo(ErrorCode.ARGUMENT_TOO_LARGE);
        }
    }
}
