package org.fedledger.core.testing;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Property-based testing with plain JUnit 5: runs a property a number of times, each try with its
 * own {@link Gen}, and on the first failure rethrows it with the seed that reproduces the run.
 *
 * <p>The seed comes from the system property {@code fedledger.seed} when set (Maven passes
 * {@code -Dfedledger.seed=...} on to the test JVM), otherwise it is drawn afresh for every run so
 * that successive builds explore different inputs.
 *
 * <pre>{@code
 * @Test
 * void split_then_join_gives_back_the_payload() {
 *     PropertyCheck.forAll(200, gen -> {
 *         byte[] payload = gen.bytes(300);
 *         assertThat(Payloads.join("p", Payloads.split(payload, gen.intBetween(1, 64)), ContentHash.of(payload)))
 *                 .isEqualTo(payload);
 *     });
 * }
 * }</pre>
 */
public final class PropertyCheck {
    /** System property that fixes the seed of every property in the run. */
    public static final String SEED_PROPERTY = "fedledger.seed";

    private PropertyCheck() {
    }

    /**
     * Runs {@code property} {@code tries} times. A try that does not apply to its inputs simply
     * returns early.
     *
     * @param tries how many tries, at least 1
     * @param property the property; fails by throwing
     * @throws AssertionError naming the seed and the try when a try throws anything
     */
    public static void forAll(int tries, Consumer<Gen> property) {
        Objects.requireNonNull(property, "property");
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1, was " + tries);
        }
        String fixed = System.getProperty(SEED_PROPERTY);
        long seed = fixed == null || fixed.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(fixed.strip());
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 1; i <= tries; i++) {
            long trySeed = seeds.nextLong();
            try {
                property.accept(new Gen(trySeed));
            } catch (Throwable failure) {
                AssertionError reported = new AssertionError("property failed on try " + i + " of " + tries
                        + " with seed " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + "): " + failure,
                        failure);
                throw reported;
            }
        }
    }
}
