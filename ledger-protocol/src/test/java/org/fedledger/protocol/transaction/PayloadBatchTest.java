package org.fedledger.protocol.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PayloadBatchTest {
    @Test
    void payloads_come_back_in_order_and_byte_for_byte() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            List<byte[]> payloads = new ArrayList<>();
            PayloadBatch.Builder builder = new PayloadBatch.Builder();
            for (int i = 0, n = 1 + random.nextInt(20); i < n; i++) {
                byte[] p = new byte[random.nextInt(300)];
                random.nextBytes(p);
                payloads.add(p);
                builder.add(p);
            }
            List<byte[]> read = PayloadBatch.decode(builder.build(), payloads.size() + random.nextInt(3));
            assertThat(read).hasSize(payloads.size());
            for (int i = 0; i < payloads.size(); i++) {
                assertThat(read.get(i)).isEqualTo(payloads.get(i));
            }
        }
    }

    @Test
    void a_response_takes_payloads_while_they_fit_and_always_the_first() {
        PayloadBatch.Builder builder = new PayloadBatch.Builder();
        assertThat(builder.fits(PayloadBatch.MAX_RESPONSE_BYTES * 3)).as("the first, however large").isTrue();
        builder.add(new byte[10]);
        assertThat(builder.fits(PayloadBatch.MAX_RESPONSE_BYTES - 10)).isTrue();
        assertThat(builder.fits(PayloadBatch.MAX_RESPONSE_BYTES - 9)).isFalse();
    }

    @Test
    void a_collected_response_stops_before_the_first_record_that_does_not_fit_and_reads_no_payload_past_it() {
        long big = PayloadBatch.MAX_RESPONSE_BYTES / 2;
        java.util.Map<String, Long> sizes = java.util.Map.of("a", 10L, "b", big, "c", big, "d", 1L);
        List<String> read = new ArrayList<>();
        byte[] response = PayloadBatch.collect(List.of("a", "b", "c", "d"), id -> id, sizes::get, id -> {
            read.add(id);
            return new byte[(int) (long) sizes.get(id)];
        });
        assertThat(read).as("payloads read").containsExactly("a", "b");
        assertThat(PayloadBatch.decode(response, 4)).hasSize(2);
    }

    @Test
    void every_truncation_and_every_extension_of_a_response_is_refused() {
        byte[] good = new PayloadBatch.Builder().add(new byte[] {1, 2, 3}).add(new byte[0]).add(new byte[] {9}).build();
        assertThat(PayloadBatch.decode(good, 3)).hasSize(3);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> PayloadBatch.decode(truncated, 3)).as("cut at " + cut)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> PayloadBatch.decode(longer, 3)).hasMessageContaining("follow the last payload");
        assertThatThrownBy(() -> PayloadBatch.decode(good, 2)).as("more than asked").hasMessageContaining("1 to 2");
        byte[] none = ByteBuffer.allocate(4).putInt(0).array();
        assertThatThrownBy(() -> PayloadBatch.decode(none, 3)).hasMessageContaining("holds 0");
        byte[] negative = ByteBuffer.allocate(8).putInt(1).putInt(-1).array();
        assertThatThrownBy(() -> PayloadBatch.decode(negative, 1)).hasMessageContaining("claims -1");
    }

    @Test
    void random_bytes_are_refused_or_read_whole_never_half() {
        Random random = new Random(11);
        for (int trial = 0; trial < 10_000; trial++) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            if (junk.length >= 4 && random.nextBoolean()) {
                ByteBuffer.wrap(junk).putInt(1 + random.nextInt(3));
            }
            try {
                List<byte[]> read = PayloadBatch.decode(junk, 3);
                int total = 4 + read.stream().mapToInt(p -> 4 + p.length).sum();
                assertThat(total).as("a decoded response accounts for every byte").isEqualTo(junk.length);
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void the_ids_argument_round_trips_and_anything_else_is_refused() {
        List<String> ids = List.of("x509::CN=User8,OU=client::CN=ca.org1", "b\"quoted\"", "é");
        assertThat(PayloadBatch.parseIds(PayloadBatch.idsArgument(ids))).isEqualTo(ids);
        for (String bad : List.of("[]", "{}", "[1]", "[null]", "\"a\"", "[\"a\",\"a\"]", "[\"a\"", "[[\"a\"]]")) {
            assertThatThrownBy(() -> PayloadBatch.parseIds(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        List<String> tooMany = java.util.stream.IntStream.rangeClosed(0, PayloadBatch.MAX_IDS)
                .mapToObj(i -> "id" + i).toList();
        assertThatThrownBy(() -> PayloadBatch.idsArgument(tooMany)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayloadBatch.parseIds(com.google.gson.JsonParser.parseString(
                new com.google.gson.Gson().toJson(tooMany)).toString())).isInstanceOf(IllegalArgumentException.class);
    }
}
