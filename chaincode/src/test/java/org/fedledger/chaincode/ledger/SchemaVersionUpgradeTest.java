package org.fedledger.chaincode.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import org.fedledger.chaincode.Consortium;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: a chaincode upgrade meets world state written before records carried a schema version.
 * Every stored record loses its {@code schemaVersion} field, as the chaincode before versions wrote
 * it, in the middle of a round; the round then runs to FINAL, and what the upgraded chaincode writes
 * carries version 1.
 */
class SchemaVersionUpgradeTest {
    private static final String FIELD = "\"" + RecordJson.SCHEMA_FIELD + "\":1,";

    @Test
    void a_round_begun_before_records_carried_versions_finishes_after_the_upgrade() {
        Consortium c = Consortium.fresh().registered().withTask();
        c.openRound();
        c.closedRoundWithThreeUpdatesWithoutClosing();

        int rewritten = writtenByThePreviousChaincode(c);
        assertThat(rewritten).as("stored records rewritten without a version").isGreaterThanOrEqualTo(10);
        assertThat(c.ledger.snapshot().values()).noneMatch(v -> utf8(v).contains(RecordJson.SCHEMA_FIELD));

        c.closeRound(c.coordinator, 1);
        Consortium.Proposal proposal = c.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
        c.propose(1, proposal);
        c.attest(c.verifier2, 1, 1, "AGREE", proposal.outputHash());
        c.attest(c.verifier3, 1, 1, "AGREE", proposal.outputHash());
        c.resolve(c.verifier1, 1);

        String round = c.ledger.valueUtf8(Keys.round(Consortium.TASK, 1)).orElseThrow();
        assertThat(RecordJson.read(round, RoundRecord.class).state()).isEqualTo(RoundState.FINAL);
        assertThat(round).contains(FIELD);
        assertThat(c.ledger.valueUtf8(Keys.task(Consortium.TASK)).orElseThrow()).contains(FIELD)
                .contains("\"currentVersion\":1");
    }

    /** Rewrites every stored record of the world state without its version, in one transaction. */
    private static int writtenByThePreviousChaincode(Consortium c) {
        SortedMap<String, byte[]> state = c.ledger.snapshot();
        return c.invoke(c.admin1, c.now(), Map.of(), stub -> {
            int n = 0;
            for (Map.Entry<String, byte[]> e : state.entrySet()) {
                String value = utf8(e.getValue());
                if (value.contains(FIELD)) {
                    stub.putState(e.getKey(), value.replace(FIELD, "").getBytes(StandardCharsets.UTF_8));
                    n++;
                }
            }
            return n;
        });
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
