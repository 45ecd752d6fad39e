package org.fedledger.it.audit;

import java.util.List;
import java.util.Map;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.it.fabric.Member;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.payload.Payloads;
import org.fedledger.sdk.testing.SdkParticipants;

/** The audit's scenarios on the real local Fabric network: blocks from the auditor's peer through qscc. */
class AuditOnFabricIT extends AuditScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }

    @Override
    protected String submitAfterClose(String taskId, int round, SdkParticipants people) {
        Member trainer3 = FabricNetwork.get().member(3, "User1");
        byte[] bytes = ModelCodec.encode(SdkParticipants.model(7f));
        Map<String, byte[]> chunks = Payloads.transientChunks(TransientKeys.UPDATE_PREFIX, bytes,
                Payloads.DEFAULT_CHUNK_SIZE);
        var late = trainer3.endorse(chunks, List.of(), TransactionName.SUBMIT_UPDATE, taskId, String.valueOf(round),
                ContentHash.of(bytes).hex(), "10", String.valueOf(round - 1));
        people.coordinator.coordinator().closeRound(taskId, round);
        try {
            late.submitAsync().getStatus();
        } catch (Exception e) {
            throw new IllegalStateException("the late submit did not reach the orderer", e);
        }
        return late.getTransactionId();
    }
}
