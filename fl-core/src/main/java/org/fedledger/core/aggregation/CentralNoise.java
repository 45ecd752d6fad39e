package org.fedledger.core.aggregation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Objects;
import org.fedledger.core.model.ContentHash;

/**
 * The central noise of an exact rule ({@link RuleSpec#CENTRAL_NOISE_SIGMA}), regenerable bit for bit by
 * anyone who knows the round's seed: standard normal draws from SHA-256 in counter mode over the seed
 * (Box-Muller with {@link StrictMath}), each scaled to the exact sum's grid and rounded to an integer
 * there, and added to the integer sum before its single rounding. Coordinates take the draws in the
 * schema's order, tensor by tensor.
 */
final class CentralNoise {
    private static final double TWO_PI = 2 * Math.PI;
    private final MessageDigest sha256;
    private final byte[] seed;
    private final double[] draws = new double[4];
    private int next = draws.length;
    private long block;

    private CentralNoise(ContentHash seed) {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        this.seed = Objects.requireNonNull(seed, "seed").hex().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Adds the noise of {@code spec} to {@code sums}: per coordinate {@code rint(z * sigma * clip *
     * wmax * 2^scale_bits)}, {@code z} the next standard normal draw of the seed's stream and
     * {@code wmax} the largest integer weight of the inputs summed.
     *
     * @param sums the exact sums of every input
     * @param spec a centrally noised exact rule
     * @param samples the declared sample counts of the inputs summed
     * @param seed the round's noise seed
     */
    static void add(ExactAccumulator sums, RuleSpec spec, Collection<Long> samples, ContentHash seed) {
        long largest = 0;
        for (long n : samples) {
            largest = Math.max(largest, spec.rule().weighting().integerWeight(n));
        }
        double std = spec.centralNoiseSigma() * spec.clipNorm() * largest * Math.scalb(1.0, spec.scaleBits());
        CentralNoise noise = new CentralNoise(seed);
        sums.addEach(() -> (long) StrictMath.rint(noise.nextGaussian() * std));
    }

    /** @return the next standard normal draw of the stream */
    double nextGaussian() {
        if (next == draws.length) {
            ByteBuffer counter = ByteBuffer.allocate(Long.BYTES).putLong(block++);
            sha256.update(seed);
            byte[] digest = sha256.digest(counter.array());
            ByteBuffer words = ByteBuffer.wrap(digest);
            for (int i = 0; i < draws.length; i += 2) {
                double u1 = ((words.getLong() >>> 11) + 1) * 0x1.0p-53; // (0, 1]
                double u2 = (words.getLong() >>> 11) * 0x1.0p-53; // [0, 1)
                double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
                draws[i] = r * StrictMath.cos(TWO_PI * u2);
                draws[i + 1] = r * StrictMath.sin(TWO_PI * u2);
            }
            next = 0;
        }
        return draws[next++];
    }

    /** @return a stream over {@code seed}, for tests of its draws */
    static CentralNoise stream(ContentHash seed) {
        return new CentralNoise(seed);
    }
}
