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
}
