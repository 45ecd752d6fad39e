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
