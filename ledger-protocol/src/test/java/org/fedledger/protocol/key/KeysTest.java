package org.fedledger.protocol.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeysTest {
    @Test
    void keys_pad_numbers_so_lexical_order_is_numeric_order() {
        assertThat(Keys.round("t", 9).compareTo(Keys.round("t", 10))).isNegative();
        assertThat(Keys.round("t", 3)).isEqualTo("\u0000round\u0000t\u00000000000003\u0000");
        assertThat(Keys.modelChunk("t", 1, 2,
                3)).isEqualTo("\u0000modelpayload\u0000t\u00000000000001\u00000002\u0000000003\u0000");
        assertThat(Keys.update("t", 1,
                "x509::CN=a")).isEqualTo("\u0000update\u0000t\u00000000000001\u0000x509::CN=a\u0000");
    }

    @Test
    void padding_is_printf_zero_padding_for_every_magnitude_and_sign() {
        for (long n : new long[] {0, 7, 99, 9_999, 10_000, 999_999, 1_000_000, 9_999_999_999L, 10_000_000_000L,
                Long.MAX_VALUE, -1, -42, Long.MIN_VALUE}) {
            assertThat(Keys.pad10(n)).isEqualTo(String.format(java.util.Locale.ROOT, "%010d", n));
            if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                assertThat(Keys.pad4((int) n)).isEqualTo(String.format(java.util.Locale.ROOT, "%04d", n));
                assertThat(Keys.pad6((int) n)).isEqualTo(String.format(java.util.Locale.ROOT, "%06d", n));
            }
        }
    }

    @Test
    void refuses_a_key_part_holding_a_delimiter() {
        assertThatThrownBy(() -> Keys.update("t", 1, "a\u0000b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keys.task("t" + new String(Character.toChars(0x10FFFF))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void names_of_collections_and_transient_chunks_are_those_the_network_config_and_clients_use() {
        assertThat(Collections.UPDATES).isEqualTo("updates");
        assertThat(Collections.MODELS).isEqualTo("models");
        assertThat(TransientKeys.UPDATE_PREFIX).isEqualTo("payload/");
        assertThat(TransientKeys.MODEL_PREFIX).isEqualTo("model/");
        assertThat(Keys.printable(Keys.round("t", 3))).isEqualTo("/round/t/0000000003/");
    }
}
