package org.fedledger.core.secure;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 key derivation bound to a context, and AES-128-GCM sealing with random nonces. */
final class Sealing {
    static final int TAG_BYTES = 16;
    static final int NONCE_BYTES = 12;
    /** What sealing adds to a plaintext: nonce and tag. */
    static final int OVERHEAD = NONCE_BYTES + TAG_BYTES;
    static final int KEY_BYTES = 16;
    private static final byte[] SALT = "fedledger secure aggregation v1".getBytes(StandardCharsets.US_ASCII);

    private Sealing() {
    }

    /** The HKDF info of a derived key: purpose, task, round and two ids, length-prefixed. */
    static byte[] context(String purpose, String taskId, long round, String a, String b) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(purpose);
            out.writeUTF(taskId);
            out.writeLong(round);
            out.writeUTF(a);
            out.writeUTF(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** HKDF-SHA256 (RFC 5869) with the fixed salt: a 128-bit key. */
    static byte[] hkdf(byte[] ikm, byte[] info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(info);
            mac.update((byte) 1);
            return Arrays.copyOf(mac.doFinal(), KEY_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /**
     * AES-GCM under a key bound to its context, with a random 96-bit nonce (a key may seal again, for
     * example when a trainer shares its key anew): nonce, then ciphertext and tag.
     */
    static byte[] seal(byte[] key, byte[] plain, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] body = gcm(Cipher.ENCRYPT_MODE, key, nonce, plain, 0);
        byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + body.length);
        System.arraycopy(body, 0, out, NONCE_BYTES, body.length);
        return out;
    }

    static byte[] open(byte[] key, byte[] sealed) {
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            throw new IllegalArgumentException("a sealed share of " + sealed.length + " bytes is too short");
        }
        return gcm(Cipher.DECRYPT_MODE, key, Arrays.copyOf(sealed, NONCE_BYTES), sealed, NONCE_BYTES);
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] input, int from) {
        try {
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            return aes.doFinal(input, from, input.length - from);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("a sealed share does not open: wrong sender, recipient, task or"
                    + " round, or changed bytes", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM failed: " + e.getMessage(), e);
        }
    }
}
