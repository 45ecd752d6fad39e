package org.fedledger.core.model;

import java.util.Objects;

/**
 * Thrown when a model, its encoding or a content hash is invalid. Carries a stable {@link FormatError}
 * code; the message says what was wrong and where, so a person can fix the input.
 *
 * <pre>{@code
 * try {
 *     Model model = ModelCodec.decode(bytes);
 * } catch (ModelFormatException e) {
 *     log.warn("refused update: {} ({})", e.code(), e.getMessage());
 * }
 * }</pre>
 */
public final class ModelFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the encoding. */
    private final FormatError code;

    /**
     * @param code stable error code
     * @param message what was wrong, for a person
     */
    public ModelFormatException(FormatError code, String message) {
        super(Objects.requireNonNull(code, "code") + ": " + message);
        this.code = code;
    }

    /** @return the stable error code */
    public FormatError code() {
        return code;
    }
}
