package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.junit.jupiter.api.Test;

/** Private data collections: payloads are kept only by member organisations' peers. */
class PrivateDataTest {
    @Test
    void an_update_payload_is_held_by_member_organisations_and_not_by_the_others() {
        Set<String> members = Set.of("Org1MSP", "Org2MSP");
        EmbeddedLedger ledger = Network.builder().inMemory()
                .collections(Map.of(Collections.UPDATES, members, Collections.MODELS, Set.of("Org1MSP", "Org2MSP", "Org3MSP")))
                .build();
        try (Network net = Network.registered(ledger)) {
            Task task = Task.create(net, "mnist");
            task.openRound();
            task.submitUpdate(net.trainer2, 1, Task.model(2f), 300);
            String contributor = (String) Network.json(net.trainer2.evaluate(TransactionName.WHO_AM_I, List.of())).get("id");
            List<String> args = List.of("mnist", "1", contributor);

            assertThat(net.verifier1.evaluate(TransactionName.READ_UPDATE_PAYLOAD, args))
                    .isEqualTo(ModelCodec.encode(Task.model(2f)));
            assertThat(net.verifier2.evaluate(TransactionName.READ_UPDATE_PAYLOAD, args))
                    .isEqualTo(ModelCodec.encode(Task.model(2f)));
            ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class,
                    () -> net.verifier3.evaluate(TransactionName.READ_UPDATE_PAYLOAD, args));
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.detail()).contains("not held on this peer");
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
