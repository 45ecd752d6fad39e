package org.fedledger.core.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A SHA-256 digest of exact bytes, written as 64 lowercase hexadecimal characters. The on-chain
 * identity of every update and model payload.
 *
 * <pre>{@code
 * ContentHash hash = ContentHash.of(ModelCodec.encode(model));
 * ContentHash same = ContentHash.parse(hash.hex());
 * }</pre>
 */
public final class ContentHash implements Comparable<ContentHash> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private final String hex;

    private ContentHash(String hex) {
        this.hex = hex;
    }

    /**
     * @param bytes the exact bytes to hash
     * @return the SHA-256 of {@code bytes}
     */
    public static ContentHash of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        MessageDigest digest = sha256();
        return fromDigest(digest.digest(bytes));
    }

    /**
     * @param chunks consecutive pieces of one payload
     * @return the SHA-256 of the concatenation of {@code chunks}, as if hashed in one piece
     */
    public static ContentHash ofChunks(Iterable<byte[]> chunks) {
        Objects.requireNonNull(chunks, "chunks");
        MessageDigest digest = sha256();
        for (byte[] chunk : chunks) {
            digest.update(Objects.requireNonNull(chunk, "chunk"));
        }
        return fromDigest(digest.digest());
    }

    /**
     * @param hex 64 lowercase hexadecimal characters
     * @return the hash
     * @throws ModelFormatException {@link FormatError#MALFORMED_HASH} for anything else
     */
    public static ContentHash parse(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            String shown = hex == null ? "null" : "'" + (hex.length() > 80 ? hex.substring(0, 80) + "..." : hex) + "'";
            throw new ModelFormatException(FormatError.MALFORMED_HASH,
                    "hash " + shown + " must be a SHA-256 digest as 64 lowercase hexadecimal characters");
        }
        return new ContentHash(hex);
    }

    /** @return the digest as 64 lowercase hexadecimal characters */
    public String hex() {
        return hex;
    }

    /**
     * @param bytes the exact bytes to hash
     * @return whether {@code bytes} hash to this value
     */
    public boolean matches(byte[] bytes) {
        return equals(of(bytes));
    }

    private static ContentHash fromDigest(byte[] digest) {
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = DIGITS[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[digest[i] & 0xf];
        }
        return new ContentHash(new String(out));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public int compareTo(ContentHash o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentHash other && hex.equals(other.hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public String toString() {
        return hex;
    }
}
