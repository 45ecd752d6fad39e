package org.fedledger.core.secure;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.KeyAgreement;

/**
 * A trainer's two X25519 key pairs for a secure task (the JDK's XDH): the mask key, whose agreement
 * with every other trainer's gives the pairwise mask secrets, and the share key, whose agreement
 * encrypts the Shamir shares sent to each other trainer. Keys travel raw (RFC 7748: 32 bytes, little
 * endian); the public halves go into the trainer's key record on the ledger.
 *
 * <pre>{@code
 * MaskingKeys keys = MaskingKeys.generate(new SecureRandom());
 * byte[] maskPublic = keys.maskPublicKey();   // 32 bytes, into the key record
 * }</pre>
 */
public final class MaskingKeys {
    /** Length of a raw X25519 key. */
    public static final int KEY_BYTES = 32;
    private static final byte[] BASE_POINT = new byte[KEY_BYTES];

    static {
        BASE_POINT[0] = 9;
    }

    private final byte[] maskPrivate;
    private final byte[] sharePrivate;
    private final byte[] maskPublic;
    private final byte[] sharePublic;

    private MaskingKeys(byte[] maskPrivate, byte[] sharePrivate) {
        this.maskPrivate = maskPrivate.clone();
        this.sharePrivate = sharePrivate.clone();
        this.maskPublic = publicKeyOf(maskPrivate);
        this.sharePublic = publicKeyOf(sharePrivate);
    }

    /**
     * @param random the source of both private keys
     * @return two fresh key pairs
     */
    public static MaskingKeys generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new MaskingKeys(newPrivateKey(random), newPrivateKey(random));
    }

    /**
     * @param maskPrivate the raw mask private key, 32 bytes
     * @param sharePrivate the raw share private key, 32 bytes
     * @return the key pairs they determine
     * @throws IllegalArgumentException when a key is not 32 bytes
     */
    public static MaskingKeys of(byte[] maskPrivate, byte[] sharePrivate) {
        return new MaskingKeys(checked(maskPrivate), checked(sharePrivate));
    }

    /** @return the raw mask public key, 32 bytes */
    public byte[] maskPublicKey() {
        return maskPublic.clone();
    }

    /** @return the raw share public key, 32 bytes */
    public byte[] sharePublicKey() {
        return sharePublic.clone();
    }

    /** @return the raw mask private key, 32 bytes: what a trainer shares for the case it drops out */
    public byte[] maskPrivateKey() {
        return maskPrivate.clone();
    }

    byte[] sharePrivateKey() {
        return sharePrivate.clone();
    }

    /**
     * @param privateKey a raw X25519 private key
     * @return its raw public key
     */
    static byte[] publicKeyOf(byte[] privateKey) {
        return agree(privateKey, BASE_POINT);
    }

    /**
     * @param privateKey a raw X25519 private key
     * @param publicKey a raw X25519 public key
     * @return the 32-byte shared secret
     */
    static byte[] agree(byte[] privateKey, byte[] publicKey) {
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519,
                    checked(privateKey)));
            PublicKey pub = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                    uCoordinate(checked(publicKey))));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(priv);
            agreement.doPhase(pub, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("X25519 key agreement failed: " + e.getMessage(), e);
        }
    }

    private static byte[] newPrivateKey(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
            generator.initialize(NamedParameterSpec.X25519, random);
            KeyPair pair = generator.generateKeyPair();
            byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar()
                    .orElseThrow(() -> new IllegalStateException("the XDH provider hides its private keys"));
            byte[] own = publicKeyOf(scalar);
            if (!Arrays.equals(own, raw(((XECPublicKey) pair.getPublic()).getU()))) {
                throw new IllegalStateException("the XDH provider's raw key encoding is not RFC 7748's");
            }
            return scalar;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no X25519: " + e.getMessage(), e);
        }
    }

    /** RFC 7748: the u-coordinate is the little-endian number of the 32 bytes, top bit masked. */
    private static BigInteger uCoordinate(byte[] raw) {
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            bigEndian[i] = raw[KEY_BYTES - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian);
    }

    private static byte[] raw(BigInteger u) {
        byte[] bigEndian = u.toByteArray();
        byte[] out = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    private static byte[] checked(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an X25519 key has " + KEY_BYTES + " bytes, not " + key.length);
        }
        return key;
    }

    @Override
    public String toString() {
        return "MaskingKeys{maskPublic=" + HexFormat.of().formatHex(maskPublic) + ", sharePublic=" + HexFormat.of().formatHex(sharePublic)
                + "}";
    }
}
