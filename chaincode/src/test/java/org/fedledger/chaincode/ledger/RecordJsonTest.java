package org.fedledger.chaincode.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fedledger.core.json.CanonicalJson;
import org.junit.jupiter.api.Test;

/** Golden bytes: the exact world-state JSON every endorsing peer must write. */
class RecordJsonTest {
    @Test
    void a_round_record_has_these_exact_bytes() {
        RoundRecord round = new RoundRecord("mnist", 3, RoundState.CLOSED, 2, "ab".repeat(32), 1_700_000_000L,
                1_700_000_600L, 1_700_000_300L,
                List.of(new AcceptedUpdate("k1", "x509::CN=a", "cd".repeat(32), 120)), List.of(), 0, "tx7");
        String golden = "{\"accepted\":[{\"contributor\":\"x509::CN=a\",\"hash\":\"" + "cd".repeat(32)
                + "\",\"key\":\"k1\",\"samples\":120}],\"baseModelHash\":\"" + "ab".repeat(32)
                + "\",\"baseVersion\":2,\"closedAt\":1700000300,\"deadline\":1700000600,\"openedAt\":1700000000,"
                + "\"overCapacity\":[],\"proposalSeq\":0,\"round\":3,\"state\":\"CLOSED\",\"taskId\":\"mnist\",\"txId\":\"tx7\"}";
        assertThat(CanonicalJson.toBytes(round)).isEqualTo(golden.getBytes(StandardCharsets.UTF_8));
        assertThat(CanonicalJson.fromJson(golden, RoundRecord.class)).isEqualTo(round);
    }

    @Test
    void an_open_round_leaves_out_closed_at_and_a_participant_record_sorts_its_keys() {
        RoundRecord open = new RoundRecord("t", 1, RoundState.OPEN, 0, "00".repeat(32), 10, 20, null, null, null, 0, "tx");
        assertThat(CanonicalJson.toJson(open)).doesNotContain("closedAt").contains("\"accepted\":[]");
        ParticipantRecord p = new ParticipantRecord("x509::CN=alice,OU=client::CN=ca", "Org1MSP", List.of("trainer"),
                "x509::CN=admin1", "tx1", 5);
        assertThat(CanonicalJson.toJson(p)).isEqualTo("{\"id\":\"x509::CN=alice,OU=client::CN=ca\",\"msp\":\"Org1MSP\","
                + "\"registeredBy\":\"x509::CN=admin1\",\"roles\":[\"trainer\"],\"timestamp\":5,\"txId\":\"tx1\"}");
    }

    @Test
    void rule_parameters_are_stored_sorted() {
        RuleRecord rule = new RuleRecord("multi_krum", new java.util.TreeMap<>(Map.of("m", "2", "f", "1")));
        assertThat(CanonicalJson.toJson(rule)).isEqualTo("{\"name\":\"multi_krum\",\"params\":{\"f\":\"1\",\"m\":\"2\"}}");
    }

    @Test
    void keys_pad_numbers_so_lexical_order_is_numeric_order() {
        assertThat(Keys.round("t", 9).compareTo(Keys.round("t", 10))).isNegative();
        assertThat(Keys.round("t", 3)).isEqualTo("\u0000round\u0000t\u00000000000003\u0000");
        assertThat(Keys.modelChunk("t", 1, 2, 3)).isEqualTo("\u0000modelpayload\u0000t\u00000000000001\u00000002\u0000000003\u0000");
    }
}
