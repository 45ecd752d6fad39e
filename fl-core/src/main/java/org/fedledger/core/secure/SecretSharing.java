package org.fedledger.core.secure;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Shamir secret sharing byte by byte over GF(2^8) (the AES field, polynomial {@code x^8+x^4+x^3+x+1}):
 * each byte of the secret is the constant term of its own random polynomial of degree
 * {@code threshold - 1}, and share {@code k} holds every polynomial's value at {@code x = k}. Any
 * {@code threshold} shares give the secret back; fewer say nothing about it.
 *
 * <pre>{@code
 * List<byte[]> shares = SecretSharing.split(seed, 3, 5, random);   // shares at x = 1..5
 * byte[] back = SecretSharing.combine(new TreeMap<>(Map.of(1, shares.get(0), 4, shares.get(3), 5, shares.get(4))));
 * }</pre>
 */
public final class SecretSharing {
    /** Most shares one secret can have: the non-zero field elements. */
    public static final int MAX_SHARES = 255;
    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x ^= x << 1; // multiply by the generator 3
            if ((x & 0x100) != 0) {
                x ^= 0x11b;
            }
        }
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
    }

    private SecretSharing() {
    }

    /**
     * @param secret the secret, any length
     * @param threshold shares needed to recover it, in {@code [1, count]}
     * @param count shares to make, at most {@link #MAX_SHARES}
     * @param random the source of the polynomials' coefficients
     * @return the shares, the {@code k}-th (from 0) at {@code x = k + 1}, each as long as the secret
     * @throws IllegalArgumentException when the threshold or count is out of range
     */
    public static List<byte[]> split(byte[] secret, int threshold, int count, SecureRandom random) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(random, "random");
        if (count < 1 || count > MAX_SHARES || threshold < 1 || threshold > count) {
            throw new IllegalArgumentException("need 1 <= threshold <= count <= " + MAX_SHARES + ", was threshold "
                    + threshold + " and count " + count);
        }
        byte[] coefficients = new byte[threshold - 1];
        List<byte[]> shares = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            shares.add(new byte[secret.length]);
        }
        for (int b = 0; b < secret.length; b++) {
            random.nextBytes(coefficients);
            for (int k = 0; k < count; k++) {
                int x = k + 1;
                int y = 0;
                for (int c = coefficients.length - 1; c >= 0; c--) {
                    y = multiply(y, x) ^ (coefficients[c] & 0xff);
                }
                shares.get(k)[b] = (byte) (multiply(y, x) ^ (secret[b] & 0xff));
            }
        }
        return shares;
    }

    /**
     * Lagrange interpolation at {@code x = 0} over exactly the shares given: pass {@code threshold} of
     * them (more work too, if they are consistent).
     *
     * @param sharesByX shares by their x coordinate in {@code [1, 255]}, all of one length, at least one
     * @return the secret
     * @throws IllegalArgumentException when there is no share, an x is out of range or lengths differ
     */
    public static byte[] combine(SortedMap<Integer, byte[]> sharesByX) {
        Objects.requireNonNull(sharesByX, "sharesByX");
        if (sharesByX.isEmpty()) {
            throw new IllegalArgumentException("no share to combine");
        }
        int length = sharesByX.get(sharesByX.firstKey()).length;
        byte[] secret = new byte[length];
        for (Map.Entry<Integer, byte[]> share : sharesByX.entrySet()) {
            int xi = share.getKey();
            if (xi < 1 || xi > MAX_SHARES || share.getValue().length != length) {
                throw new IllegalArgumentException("share at x = " + xi + " is out of range or of another length");
            }
            int basis = 1; // prod_{j != i} x_j / (x_j - x_i), subtraction being XOR
            for (int xj : sharesByX.keySet()) {
                if (xj != xi) {
                    basis = multiply(basis, divide(xj, xj ^ xi));
                }
            }
            byte[] y = share.getValue();
            for (int b = 0; b < length; b++) {
                secret[b] ^= (byte) multiply(y[b] & 0xff, basis);
            }
        }
        return secret;
    }

    private static int multiply(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    private static int divide(int a, int b) {
        return a == 0 ? 0 : EXP[LOG[a] + 255 - LOG[b]];
    }
}
