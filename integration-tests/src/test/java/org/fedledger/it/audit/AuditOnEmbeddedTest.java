package org.fedledger.it.audit;

import java.util.List;
import java.util.Map;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.embedded.Endorsed;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.payload.Payloads;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.AfterAll;

/** The audit's scenarios on the embedded ledger (three organisations, MAJORITY), in every build. */
class AuditOnEmbeddedTest extends AuditScenarios {
    private final EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();

    @Override
    protected LedgerConnection connect(int org, String user) {
        var organisation = ledger.organisation("Org" + org + "MSP");
        return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
    }

    @Override
    protected String submitAfterClose(String taskId, int round, SdkParticipants people) {
        var trainer3 = ledger.organisation("Org3MSP").client("User1");
        byte[] bytes = ModelCodec.encode(SdkParticipants.model(7f));
        Map<String, byte[]> chunks = Payloads.transientChunks(TransientKeys.UPDATE_PREFIX, bytes,
                Payloads.DEFAULT_CHUNK_SIZE);
        Endorsed late = ledger.endorse(trainer3, TransactionName.SUBMIT_UPDATE, List.of(taskId, String.valueOf(round),
                ContentHash.of(bytes).hex(), "10", String.valueOf(round - 1)), chunks, ledger.defaultEndorsers(trainer3));
        people.coordinator.coordinator().closeRound(taskId, round);
        return ledger.submit(late).join().txId();
    }

    @AfterAll
    void closeLedger() {
        ledger.close();
    }
}
