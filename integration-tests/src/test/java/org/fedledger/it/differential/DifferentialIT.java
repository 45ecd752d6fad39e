package org.fedledger.it.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.embedded.Endorsed;
import org.fedledger.embedded.identity.Organisation;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.it.fabric.Member;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.payload.Payloads;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.Test;

/**
 * The same scripted multi-round scenario (refusals, a dispute, a re-proposal, an MVCC race) on the
 * real Fabric network and on the embedded ledger: every record, error code and validation code
 * agrees, identities compared by role and transaction ids and times left out.
 */
class DifferentialIT {

    @Test
    void the_embedded_ledger_and_fabric_agree_on_every_record_refusal_and_validation_code() {
        String taskId = "diff-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> onFabric;
        try (SdkParticipants people = SdkParticipants.register(FabricNetwork.get()::sdkConnection)) {
            onFabric = ScriptedScenario.play(people, taskId, (task, round, p) -> {
                Member trainer3 = FabricNetwork.get().member(3, "User1");
                byte[] bytes = ModelCodec.encode(SdkParticipants.model(7f));
                var late = trainer3.endorse(chunks(bytes), List.of(), TransactionName.SUBMIT_UPDATE, task,
                        String.valueOf(round), ContentHash.of(bytes).hex(), "10", "1");
                p.coordinator.coordinator().closeRound(task, round);
                try {
                    return late.submitAsync().getStatus().getCode().name();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        List<String> embedded;
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
                SdkParticipants people = SdkParticipants.register((org, user) -> {
                    Organisation o = ledger.organisation("Org" + org + "MSP");
                    return ledger.connect("Admin".equals(user) ? o.admin() : o.client(user));
                })) {
            embedded = ScriptedScenario.play(people, taskId, (task, round, p) -> {
                var trainer3 = ledger.organisation("Org3MSP").client("User1");
                byte[] bytes = ModelCodec.encode(SdkParticipants.model(7f));
                Endorsed late = ledger.endorse(trainer3, TransactionName.SUBMIT_UPDATE, List.of(task, String.valueOf(round),
                        ContentHash.of(bytes).hex(), "10", "1"), chunks(bytes), ledger.defaultEndorsers(trainer3));
                p.coordinator.coordinator().closeRound(task, round);
                return ledger.submit(late).join().code().name();
            });
        }
        assertThat(onFabric).hasSizeGreaterThan(25).contains("trainer3's submit raced by the close: MVCC_READ_CONFLICT");
        assertThat(embedded).containsExactlyElementsOf(onFabric);
    }

    private static Map<String, byte[]> chunks(byte[] bytes) {
        return Payloads.transientChunks(TransientKeys.UPDATE_PREFIX, bytes, Payloads.DEFAULT_CHUNK_SIZE);
    }
}
