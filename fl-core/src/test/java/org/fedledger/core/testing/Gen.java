package org.fedledger.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The random source of one try of a {@link PropertyCheck}: plain values drawn from a seeded
 * {@link SplittableRandom}, with the small and extreme values (empty, zero, bounds) drawn more often
 * than a uniform draw would, because that is where parsers and arithmetic break.
 *
 * <pre>{@code
 * PropertyCheck.forAll(500, gen -> {
 *     byte[] payload = gen.bytes(300);
 *     int chunkSize = gen.intBetween(1, 64);
 *     ...
 * });
 * }</pre>
 */
public final class Gen {
    private static final String ASCII;

    static {
        StringBuilder ascii = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            ascii.append(c);
        }
        ASCII = ascii.toString();
    }

    private final SplittableRandom random;

    Gen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** @return a value in {@code [min, max]}, the bounds one time in eight each */
    public int intBetween(int min, int max) {
        return Math.toIntExact(longBetween(min, max));
    }

    /** @return a value in {@code [min, max]}, the bounds one time in eight each */
    public long longBetween(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
        int pick = random.nextInt(8);
        if (pick == 0) {
            return min;
        }
        if (pick == 1) {
            return max;
        }
        if (max == Long.MAX_VALUE) {
            // The bound is exclusive; max itself is drawn above.
            return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min, max);
        }
        return random.nextLong(min, max + 1);
    }

    /** @return any long, with 0, 1, -1 and the extremes drawn often */
    public long anyLong() {
        return switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            case 3 -> Long.MAX_VALUE;
            case 4 -> Long.MIN_VALUE;
            default -> random.nextLong();
        };
    }

    /** @return true or false */
    public boolean bool() {
        return random.nextBoolean();
    }

    /** @return any byte */
    public byte anyByte() {
        return (byte) random.nextInt(256);
    }

    /** @return any char, surrogates and control characters included */
    public char anyChar() {
        return (char) random.nextInt(Character.MAX_VALUE + 1);
    }

    /** @return 0 to {@code maxSize} random bytes */
    public byte[] bytes(int maxSize) {
        byte[] out = new byte[intBetween(0, maxSize)];
        random.nextBytes(out);
        return out;
    }

    /** @return a string of 0 to {@code maxLength} arbitrary chars */
    public String string(int maxLength) {
        StringBuilder out = new StringBuilder();
        int n = intBetween(0, maxLength);
        for (int i = 0; i < n; i++) {
            out.append(anyChar());
        }
        return out.toString();
    }

    /** @return a string of 0 to {@code maxLength} ASCII chars (controls included) */
    public String ascii(int maxLength) {
        return stringOf(ASCII, 0, maxLength);
    }

    /** @return a string of {@code minLength} to {@code maxLength} chars taken from {@code alphabet} */
    public String stringOf(String alphabet, int minLength, int maxLength) {
        StringBuilder out = new StringBuilder();
        int n = intBetween(minLength, maxLength);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** @return one of {@code values}, each as likely */
    @SafeVarargs
    public final <T> T of(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** @return one of {@code values}, each as likely */
    public <T> T of(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** @return a value from one of the {@code generators}, each as likely */
    @SafeVarargs
    public final <T> T oneOf(Supplier<? extends T>... generators) {
        return generators[random.nextInt(generators.length)].get();
    }

    /** @return {@code minSize} to {@code maxSize} values of {@code element} */
    public <T> List<T> list(int minSize, int maxSize, Supplier<T> element) {
        Objects.requireNonNull(element, "element");
        int n = intBetween(minSize, maxSize);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.get());
        }
        return out;
    }

    /** @return a {@link Random} seeded from this try, for APIs such as {@code Collections.shuffle} */
    public Random javaRandom() {
        return new Random(random.nextLong());
    }

    /** @return an independent random source seeded from this try */
    public SplittableRandom split() {
        return random.split();
    }
}
