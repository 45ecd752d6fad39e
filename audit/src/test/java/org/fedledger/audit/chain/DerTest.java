package org.fedledger.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.fedledger.embedded.block.FabricFormat;
import org.junit.jupiter.api.Test;

class DerTest {
    @Test
    void the_header_hash_is_fabrics_for_small_and_large_numbers_and_long_hashes() {
        byte[] h32 = new byte[32];
        Arrays.fill(h32, (byte) 0x9c);
        byte[] h200 = new byte[200];
        Arrays.fill(h200, (byte) 0x01);
        for (long n : new long[] {0, 1, 127, 128, 255, 256, 65_535, 1L << 40}) {
            assertThat(Der.headerHash(n, h32, h32)).isEqualTo(FabricFormat.headerHash(n, h32, h32));
            assertThat(Der.headerHash(n, new byte[0], h200)).isEqualTo(FabricFormat.headerHash(n, new byte[0], h200));
        }
        assertThat(Der.headerHash(1, h32, h32)).isNotEqualTo(Der.headerHash(2, h32, h32));
    }
}
