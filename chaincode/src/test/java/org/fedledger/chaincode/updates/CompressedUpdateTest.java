package org.fedledger.chaincode.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.chunks;
import static org.fedledger.chaincode.Consortium.model;

import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.UpdateCodec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.TransientKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task whose exact rule names a codec takes updates in that codec only: the chaincode holds a payload
 * to the codec's exact size before reading it and then checks it strictly, with stable codes.
 */
class CompressedUpdateTest {
    private static final String CODEC = "int4/2";
    private static final RuleSpec RULE = RuleSpec.of(RuleName.EXACT_FEDAVG,
            Map.of(RuleSpec.SCALE_BITS, "20", RuleSpec.CODEC, CODEC));
    private final Consortium net = Consortium.fresh();

    @BeforeEach
    void openRoundOne() {
        net.registered().withTask(Consortium.taskJson(Map.of("rule", Map.of("name", "exact_fedavg", "params",
                Map.of("scale_bits", "20", "codec", CODEC)))));
        net.openRound();
    }

    /** The trainer's honest int4 update (blocks of 2: bias, then two kernel blocks, after an 8-byte header). */
    private static byte[] int4Update(TestIdentity trainer, float seed) {
        return UpdateCodec.parse(CODEC).encode(model(seed), Consortium.initialModel(), 20,
                UpdateCodec.seed("mnist", 1, trainer.id()), new double[0]).bytes();
    }

    private String submit(TestIdentity trainer, byte[] bytes, long samples) {
        return net.submit(trainer, chunks(TransientKeys.UPDATE_PREFIX, bytes, 2), t -> t.c().submitUpdate(t.ctx(),
                "mnist", "1", ContentHash.of(bytes).hex(), String.valueOf(samples), "0"));
    }

    private ErrorCode refused(byte[] bytes) {
        return net.refused(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, bytes, 1), t -> t.c().submitUpdate(
                t.ctx(), "mnist", "1", ContentHash.of(bytes).hex(), "10", "0")).code();
    }

    @Test
    void records_an_update_of_exactly_the_codecs_size_and_a_round_of_them_is_proposed_from_its_codes() {
        byte[] bytes = int4Update(net.trainer1, 1f);
        assertThat(bytes).hasSize(8 + 2 + 2 + 2);
        assertThat(Consortium.json(submit(net.trainer1, bytes, 100))).containsEntry("size", 14.0)
                .containsEntry("hash", ContentHash.of(bytes).hex());
        submit(net.trainer2, int4Update(net.trainer2, 2f), 300);
        submit(net.trainer3, int4Update(net.trainer3, 3f), 600);
        net.closeRound(net.coordinator, 1);

        Consortium.Proposal proposal = net.aggregate(1, RULE);
        assertThat(proposal.manifest().rule()).isEqualTo(RULE);
        net.propose(1, proposal);
        assertThat(Consortium.json(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "1"))))
                .containsEntry("state", "PROPOSED");
    }

    @Test
    void refuses_a_float32_update_by_its_length_before_reading_it() {
        assertCode(net.refused(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, ModelCodec.encode(model(1f)), 1),
                t -> t.c().submitUpdate(t.ctx(), "mnist", "1", ModelCodec.hash(model(1f)).hex(), "10", "0")),
                ErrorCode.PAYLOAD_SIZE_MISMATCH);
    }

    @Test
    void refuses_codes_beyond_the_codecs_range_and_non_canonical_bytes_with_stable_codes() {
        byte[] honest = int4Update(net.trainer1, 1f);
        byte[] exponent = honest.clone();
        exponent[8] = 28; // int4 exponents stop at 27
        byte[] code = honest.clone();
        code[9] = (byte) ((code[9] & 0xF0) | 0x8); // -8: int4 codes are in [-7, 7]
        byte[] header = honest.clone();
        header[3] = 1; // the int8 kind
        byte[] larger = honest.clone();
        larger[8] = 5;
        larger[9] = 0x11; // codes 1 and 1 with exponent 5: the same offsets fit exponent 4
        assertThat(refused(exponent)).isEqualTo(ErrorCode.CODE_OUT_OF_RANGE);
        assertThat(refused(code)).isEqualTo(ErrorCode.CODE_OUT_OF_RANGE);
        assertThat(refused(header)).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
        assertThat(refused(larger)).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
        assertThat(net.lastStub().readWriteSet().writes()).isEmpty();
        assertThat(net.lastStub().event()).isEmpty();
    }

    @Test
    void a_rule_with_a_codec_and_clipping_is_no_task() {
        assertCode(net.refused(net.coordinator, chunks(TransientKeys.MODEL_PREFIX,
                ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(), Consortium.taskJson(Map.of(
                        "taskId", "clipped", "rule", Map.of("name", "exact_fedavg", "params", Map.of("scale_bits", "20",
                                "codec", CODEC, "clip_norm", "1")))))), ErrorCode.INVALID_ARGUMENT);
    }
}
