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
 * caller) is verified in full. Bounded: two generations; when the newer is full the older is dropped,
 * so the most recent signatures (those of the transactions in flight) are always remembered.
 */
final class KnownSignatures {
    /** Per generation: enough for the signatures of every transaction in flight, with a wide margin. */
    static final int GENERATION = 1 << 15;
    private static volatile Set<ByteBuffer> current = ConcurrentHashMap.newKeySet();
    private static volatile Set<ByteBuffer> previous = Set.of();

    private KnownSignatures() {
    }

    /** Remembers that {@code signature} by {@code key} over {@code message} was made here. */
    static void made(PublicKey key, byte[] message, byte[] signature) {
        ByteBuffer entry = digest(key, message, signature);
        Set<ByteBuffer> into = current;
        if (into.size() >= GENERATION) {
            synchronized (KnownSignatures.class) {
                if (current == into) {
                    previous = into;
                    current = ConcurrentHashMap.newKeySet();
                }
                into = current;
            }
        }
        into.add(entry);
    }

    /** @return whether this process made {@code signature} by {@code key} over {@code message} */
    static boolean known(PublicKey key, byte[] message, byte[] signature) {
        ByteBuffer entry = digest(key, message, signature);
        return current.contains(entry) || previous.contains(entry);
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
