package org.fedledger.embedded.identity;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signatures this process made, remembered as valid so that verifying them again at commit costs a
 * hash instead of an ECDSA verification. An entry is the SHA-256 of the signer's public key, the
 * message and the signature: a verification hits only for exactly that key, message and signature, so
 * anything changed, forged or made elsewhere (a block read back from disk, an endorsement built by a
 * caller) is verified in full. Bounded: when full it starts again empty.
 */
final class KnownSignatures {
    /** Enough for the signatures of every transaction in flight, with a wide margin. */
    private static final int CAPACITY = 1 << 16;
    private static final Set<ByteBuffer> KNOWN = ConcurrentHashMap.newKeySet();

    private KnownSignatures() {
    }

    /** Remembers that {@code signature} by {@code key} over {@code message} was made here. */
    static void made(PublicKey key, byte[] message, byte[] signature) {
        if (KNOWN.size() >= CAPACITY) {
            KNOWN.clear();
        }
        KNOWN.add(digest(key, message, signature));
    }

    /** @return whether this process made {@code signature} by {@code key} over {@code message} */
    static boolean known(PublicKey key, byte[] message, byte[] signature) {
        return KNOWN.contains(digest(key, message, signature));
    }

    private static ByteBuffer digest(PublicKey key, byte[] message, byte[] signature) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] encodedKey = key.getEncoded();
            d.update(ByteBuffer.allocate(4).putInt(encodedKey.length).array());
            d.update(encodedKey);
            d.update(ByteBuffer.allocate(4).putInt(message.length).array());
            d.update(message);
            d.update(signature);
            return ByteBuffer.wrap(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
