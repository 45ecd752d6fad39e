package org.fedledger.embedded.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import org.junit.jupiter.api.Test;

/** Signatures made here are remembered as valid for exactly their key, message and bytes; nothing else is. */
class IdentitySignatureTest {
    private final Organisation org = Organisation.openOrCreate("Org1MSP", null);

    @Test
    void a_signature_made_here_verifies_and_any_change_is_verified_in_full_and_refused() throws Exception {
        Identity alice = org.client("alice");
        Identity bob = org.client("bob");
        byte[] message = "proposal".getBytes(StandardCharsets.UTF_8);
        byte[] signature = alice.sign(message);

        assertThat(Identity.verify(alice.certificate(), message, signature)).isTrue();
        assertThat(Identity.verify(alice.certificate(), "proposaL".getBytes(StandardCharsets.UTF_8), signature))
                .isFalse();
        assertThat(Identity.verify(bob.certificate(), message, signature)).isFalse();
        byte[] altered = signature.clone();
        altered[altered.length - 1] ^= 0x01;
        assertThat(Identity.verify(alice.certificate(), message, altered)).isFalse();
    }

    @Test
    void signatures_are_ordinary_ecdsa_that_the_jdk_verifies() throws Exception {
        Identity alice = org.client("carol");
        byte[] message = "envelope".getBytes(StandardCharsets.UTF_8);
        Signature jdk = Signature.getInstance(Identity.SIGNATURE_ALGORITHM, "SunEC");
        jdk.initVerify(alice.certificate().getPublicKey());
        jdk.update(message);
        assertThat(jdk.verify(alice.sign(message))).isTrue();
    }

    @Test
    void a_valid_signature_made_elsewhere_verifies_in_full() throws Exception {
        Identity alice = org.client("dave");
        byte[] message = "made elsewhere".getBytes(StandardCharsets.UTF_8);
        Signature jdk = Signature.getInstance(Identity.SIGNATURE_ALGORITHM, "SunEC");
        jdk.initSign(alice.privateKey());
        jdk.update(message);
        byte[] signature = jdk.sign();
        assertThat(KnownSignatures.known(alice.certificate().getPublicKey(), message, signature)).isFalse();
        assertThat(Identity.verify(alice.certificate(), message, signature)).isTrue();
    }

    @Test
    void the_memory_is_bounded_and_keeps_the_most_recent_signatures() {
        java.security.PublicKey key = org.client("erin").certificate().getPublicKey();
        int made = 2 * KnownSignatures.GENERATION + 10;
        for (int i = 0; i < made; i++) {
            KnownSignatures.made(key, numbered(i), numbered(-i));
        }
        assertThat(KnownSignatures.known(key, numbered(0), numbered(0))).as("the oldest is forgotten").isFalse();
        for (int i = made - KnownSignatures.GENERATION; i < made; i++) {
            assertThat(KnownSignatures.known(key, numbered(i), numbered(-i))).as("recent signature %d", i).isTrue();
        }
        assertThat(KnownSignatures.known(key, numbered(made - 1), numbered(-(made - 2)))).as("another's signature")
                .isFalse();
    }

    private static byte[] numbered(int i) {
        return java.nio.ByteBuffer.allocate(4).putInt(i).array();
    }
}
