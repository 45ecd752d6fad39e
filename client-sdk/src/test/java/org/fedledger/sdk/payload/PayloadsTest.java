package org.fedledger.sdk.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.testing.PropertyCheck;
import org.fedledger.protocol.transaction.TransportLimits;
import org.fedledger.sdk.errors.FedLedgerClientException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Nested
    class Split {
        @Test
        void splits_into_chunks_of_at_most_the_chunk_size() {
            List<byte[]> chunks = Payloads.split(new byte[10], 4);
            assertThat(chunks).extracting(c -> c.length).containsExactly(4, 4, 2);
        }

        @Test
        void names_transient_keys_by_prefix_and_index_in_order() {
            Map<String, byte[]> entries = Payloads.transientChunks(Payloads.UPDATE_PREFIX, new byte[5], 2);
            assertThat(entries.keySet()).containsExactly("payload/0", "payload/1", "payload/2");
        }

        @Test
        void refuses_an_empty_payload_which_the_chaincode_would_refuse_as_an_empty_chunk() {
            assertThatThrownBy(() -> Payloads.split(new byte[0], 8))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> Payloads.transientChunks(Payloads.UPDATE_PREFIX, new byte[0], 8))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void refuses_before_sending_a_payload_larger_than_one_transaction_carries() {
            assertThat(TransportLimits.MAX_PAYLOAD_BYTES).isLessThan(TransportLimits.MAX_MESSAGE_BYTES);
            Payloads.checkSendable(TransportLimits.MAX_PAYLOAD_BYTES);
            assertThatThrownBy(() -> Payloads.checkSendable(TransportLimits.MAX_PAYLOAD_BYTES + 1))
                    .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                        assertThat(e.size()).isEqualTo(TransportLimits.MAX_PAYLOAD_BYTES + 1);
                        assertThat(e.limit()).isEqualTo(TransportLimits.MAX_PAYLOAD_BYTES);
                        assertThat(e).isInstanceOf(FedLedgerClientException.class);
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageStartingWith("PAYLOAD_TOO_LARGE: ");
        }

        @Test
        void refuses_more_chunks_than_the_chaincode_takes() {
            assertThat(Payloads.split(new byte[TransportLimits.MAX_PAYLOAD_CHUNKS], 1))
                    .hasSize(TransportLimits.MAX_PAYLOAD_CHUNKS);
            assertThatThrownBy(() -> Payloads.split(new byte[TransportLimits.MAX_PAYLOAD_CHUNKS + 1], 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chunks");
        }

        @Test
        void refuses_a_chunk_size_below_one() {
            assertThatThrownBy(() -> Payloads.split(new byte[1], 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chunkSize");
        }
    }

    @Nested
    class Join {
        @Test
        void returns_bytes_that_match_the_ledger_hash() {
            byte[] payload = "weights".getBytes();
            byte[] joined = Payloads.join("update", Payloads.split(payload, 3), ContentHash.of(payload));
            assertThat(joined).isEqualTo(payload);
        }

        @Test
        void refuses_a_payload_altered_in_the_store() {
            byte[] payload = "weights".getBytes();
            ContentHash onChain = ContentHash.of(payload);
            List<byte[]> chunks = new ArrayList<>(Payloads.split(payload, 3));
            chunks.get(1)[0] ^= 1;

            assertThatThrownBy(() -> Payloads.join("update org1/alice round 3", chunks, onChain))
                    .isInstanceOfSatisfying(IntegrityException.class, e -> {
                        assertThat(e.expected()).isEqualTo(onChain);
                        assertThat(e.actual()).isNotEqualTo(onChain);
                        assertThat(e).isInstanceOf(FedLedgerClientException.class);
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageStartingWith("INTEGRITY_VIOLATION: update org1/alice round 3");
        }

        @Test
        void refuses_a_missing_chunk() {
            byte[] payload = "weights".getBytes();
            List<byte[]> chunks = new ArrayList<>(Payloads.split(payload, 3));
            chunks.remove(2);
            assertThatThrownBy(() -> Payloads.join("model v1", chunks, ContentHash.of(payload)))
                    .isInstanceOf(IntegrityException.class);
        }
    }

    @Test
    void split_then_join_gives_back_the_payload() {
        PropertyCheck.forAll(200, gen -> {
            byte[] payload = new byte[gen.intBetween(1, 300)];
            gen.split().nextBytes(payload);
            int chunkSize = gen.intBetween(1, 64);
            List<byte[]> chunks = Payloads.split(payload, chunkSize);
            assertThat(chunks).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(chunkSize));
            assertThat(Payloads.join("p", chunks, ContentHash.of(payload))).isEqualTo(payload);
        });
    }
}
