package org.fedledger.chaincode.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.KeyHistoryEntry;
import org.fedledger.protocol.record.RecordJson;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuditAndDeterminismTest {
    @Nested
    class KeyHistory {
        @Test
        void shows_every_committed_value_of_a_round_key() {
            Consortium net = Consortium.fresh().registered().withTask();
            net.openRound();
            net.closedRoundWithThreeUpdates(1);
            String history = net.evaluate(net.auditor, t -> t.c().keyHistory(t.ctx(), "round",
                    "[\"mnist\",\"0000000001\"]"));
            List<?> entries = new com.google.gson.Gson().fromJson(history, List.class);
            assertThat(entries).hasSize(2);
            assertThat(history).contains("\\\"state\\\":\\\"OPEN\\\"").contains("\\\"state\\\":\\\"CLOSED\\\"");
        }

        @Test
        void takes_identity_ids_with_commas_as_json_attributes() {
            Consortium net = Consortium.fresh().registered();
            String history = net.evaluate(net.auditor, t -> t.c().keyHistory(t.ctx(), "participant",
                    org.fedledger.core.json.CanonicalJson.toJson(List.of("Org1MSP", net.trainer1.id()))));
            assertThat(RecordJson.readList(history, KeyHistoryEntry.class)).singleElement()
                    .satisfies(e -> assertThat(e.value()).contains(net.trainer1.id()));
        }

        @Test
        void refuses_unknown_object_types_and_malformed_attributes() {
            Consortium net = Consortium.fresh().registered();
            Consortium.assertCode(net.refused(net.auditor, t -> t.c().keyHistory(t.ctx(), "payload", "[\"mnist\"]")),
                    ErrorCode.INVALID_ARGUMENT);
            for (String bad : new String[] {"mnist", "[]", "[1]", "{\"a\":\"b\"}", "[\"a\u0000b\"]"}) {
                Consortium.assertCode(net.refused(net.auditor, t -> t.c().keyHistory(t.ctx(), "task", bad)),
                        ErrorCode.INVALID_ARGUMENT);
            }
        }
    }

    @Test
    void two_peers_running_the_same_protocol_write_identical_bytes() {
        Consortium a = run();
        Consortium b = run();
        Map<String, byte[]> sa = a.ledger.snapshot();
        Map<String, byte[]> sb = b.ledger.snapshot();
        assertThat(sa.keySet()).isEqualTo(sb.keySet());
        sa.forEach((k, v) -> assertThat(sb.get(k)).as(k).isEqualTo(v));
        assertThat(a.ledger.events()).hasSameSizeAs(b.ledger.events());
        for (int i = 0; i < a.ledger.events().size(); i++) {
            assertThat(a.ledger.events().get(i).payload()).isEqualTo(b.ledger.events().get(i).payload());
        }
    }

    private static Consortium run() {
        Consortium net = Consortium.fresh().registered().withTask();
        net.openRound();
        net.closedRoundWithThreeUpdates(1);
        Consortium.Proposal p = net.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
        net.propose(1, p);
        net.attest(net.verifier1, 1, 1, "AGREE", p.outputHash());
        net.attest(net.verifier3, 1, 1, "AGREE", p.outputHash());
        return net;
    }
}
