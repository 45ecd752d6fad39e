package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.junit.jupiter.api.Test;

/** Private data collections: payloads are kept only by member organisations' peers. */
class PrivateDataTest {
    @Test
    void a_task_s_payloads_are_held_by_its_organisations_only_each_reading_its_own_copy() {
        List<String> four = List.of("Org1MSP", "Org2MSP", "Org3MSP", "Org4MSP");
        EmbeddedLedger ledger = Network.builder().organisations(four).inMemory().build();
        try (Network net = Network.registered(ledger)) {
            LedgerConnection verifier4 = ledger.connect(ledger.organisation("Org4MSP").client("verifier4"));
            verifier4.submit(TransactionName.REQUEST_ROLES, List.of("verifier"), Map.of());
            net.admin("Org4MSP").submit(TransactionName.REGISTER_PARTICIPANT,
                    List.of(verifier4.identity().certificatePem(), "verifier"), Map.of());
            Task task = Task.create(net, "mnist"); // Org1-Org3: Org4 is a channel member outside the task
            task.openRound();
            task.submitUpdate(net.trainer2, 1, Task.model(2f), 300);
            String contributor = (String) Network.json(net.trainer2.evaluate(TransactionName.WHO_AM_I, List.of())).get("id");
            List<String> args = List.of("mnist", "1", contributor);

            for (LedgerConnection verifier : List.of(net.verifier1, net.verifier2, net.verifier3)) {
                assertThat(verifier.evaluate(TransactionName.READ_UPDATE_PAYLOAD, args))
                        .isEqualTo(ModelCodec.encode(Task.model(2f)));
            }
            ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class,
                    () -> verifier4.evaluate(TransactionName.READ_UPDATE_PAYLOAD, args));
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            // Org4's peer stores nothing of the task in any collection; each task organisation one copy in its own.
            Ledger peers = (Ledger) ledger;
            for (String collection : Collections.definedFor(four).keySet()) {
                assertThat(peers.privateKeys("Org4MSP", collection)).as(collection).isEmpty();
            }
            for (String msp : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
                assertThat(peers.privateKeys(msp, Collections.updatesOf(msp))).isNotEmpty();
                assertThat(peers.privateKeys(msp, Collections.modelsOf(msp))).isNotEmpty();
                assertThat(peers.privateKeys(msp, Collections.UPDATES)).isEmpty();
            }
        }
    }

    @Test
    void transient_data_never_reaches_a_block() {
        try (Network net = Network.inMemory()) {
            Task task = Task.create(net, "mnist");
            task.openRound();
            var committed = net.trainer1.submit(TransactionName.SUBMIT_UPDATE, task.updateArgs(1, Task.model(1f), 100),
                    Task.updateChunks(Task.model(1f)));
            var tx = net.ledger.transaction(committed.transactionId()).orElseThrow().transaction();
            byte[] encoded = tx.encode();
            byte[] payload = ModelCodec.encode(Task.model(1f));
            byte[] firstChunk = java.util.Arrays.copyOf(payload, Task.CHUNK);
            assertThat(indexOf(encoded, firstChunk)).isNegative();
            assertThat(tx.arguments()).containsExactlyElementsOf(task.updateArgs(1, Task.model(1f), 100));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
