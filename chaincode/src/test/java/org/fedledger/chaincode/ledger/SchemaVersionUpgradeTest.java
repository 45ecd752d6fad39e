package org.fedledger.chaincode.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.fedledger.chaincode.Consortium;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: a chaincode upgrade meets world state written before records carried a schema version
 * and before per-organisation collections. In the middle of a round every stored record loses its
 * {@code schemaVersion} field (the task record also its payload layout), and the payloads move to the
 * shared collections, as the chaincode before both wrote them. The round then runs to FINAL on the
 * shared payloads, and what the upgraded chaincode writes carries its version.
 */
class SchemaVersionUpgradeTest {
    private static final String FIELD = "\"" + RecordJson.SCHEMA_FIELD + "\":1,";
    private static final Pattern ANY_VERSION = Pattern.compile("\"" + RecordJson.SCHEMA_FIELD + "\":\\d+,");
    private static final String PER_ORGANISATION = "\"payloadLayout\":\"PER_ORGANISATION\",";
    private static final List<String> ORGS = List.of("Org1MSP", "Org2MSP", "Org3MSP");

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
        assertThat(c.ledger.valueUtf8(Keys.task(Consortium.TASK)).orElseThrow()).contains("\"schemaVersion\":2,")
                .contains("\"payloadLayout\":\"SHARED\"").contains("\"currentVersion\":1");
        // the new model went where the task's layout says: the shared collection, no organisation's own
        assertThat(c.ledger.privateSnapshot("Org2MSP", Collections.MODELS)).containsKey(Keys.modelChunk(Consortium.TASK,
                1, 1, 0));
        for (String msp : ORGS) {
            assertThat(c.ledger.privateSnapshot(msp, Collections.modelsOf(msp))).isEmpty();
        }
    }

    /**
     * Rewrites every stored record of the world state without its version (the task also without its
     * layout) and moves every payload to the shared collections, in one transaction.
     */
    private static int writtenByThePreviousChaincode(Consortium c) {
        SortedMap<String, byte[]> state = c.ledger.snapshot();
        Map<String, SortedMap<String, byte[]>> perOrganisation = new java.util.LinkedHashMap<>();
        for (String msp : ORGS) {
            perOrganisation.put(Collections.updatesOf(msp), c.ledger.privateSnapshot(msp, Collections.updatesOf(msp)));
            perOrganisation.put(Collections.modelsOf(msp), c.ledger.privateSnapshot(msp, Collections.modelsOf(msp)));
        }
        return c.invoke(c.admin1, c.now(), Map.of(), stub -> {
            int n = 0;
            for (Map.Entry<String, byte[]> e : state.entrySet()) {
                String value = utf8(e.getValue());
                if (ANY_VERSION.matcher(value).find()) {
                    String old = ANY_VERSION.matcher(value).replaceAll("").replace(PER_ORGANISATION, "");
                    stub.putState(e.getKey(), old.getBytes(StandardCharsets.UTF_8));
                    n++;
                }
            }
            perOrganisation.forEach((collection, values) -> values.forEach((key, value) -> {
                stub.putPrivateData(collection.startsWith(Collections.UPDATES + "_") ? Collections.UPDATES
                        : Collections.MODELS, key, value);
                stub.delPrivateData(collection, key);
            }));
            return n;
        });
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
