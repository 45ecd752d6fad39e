package org.fedledger.trainer.data;

import java.util.Objects;

/**
 * Thrown when a dataset file is missing or malformed. Carries the file, the 1-based line (0 when
 * the problem is the file as a whole), a stable {@link DatasetError} and a detail for a person.
 *
 * <pre>{@code
 * try {
 *     Dataset data = Datasets.breastCancer(Path.of("hospital-a.csv"));
 * } catch (DatasetFormatException e) {
 *     System.err.println(e.source() + ":" + e.line() + " " + e.error() + " " + e.detail());
 * }
 * }</pre>
 */
public final class DatasetFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The file or resource read. */
    private final String source;
    /** The 1-based line of the problem, or 0 when it concerns the whole file. */
    private final int line;
    /** What kind of problem it is. */
    private final DatasetError error;
    /** The problem, for a person. */
    private final String detail;

    /**
     * @param source the file or resource read
     * @param line 1-based line number, or 0 for the file as a whole
     * @param error what kind of problem
     * @param detail what exactly is wrong, for a person
     * @param cause the underlying exception, or null
     * @throws NullPointerException when {@code source}, {@code error} or {@code detail} is null
     */
    public DatasetFormatException(String source, int line, DatasetError error, String detail, Throwable cause) {
        super(Objects.requireNonNull(source, "source") + (line > 0 ? ":" + line : "") + ": "
                + Objects.requireNonNull(error, "error") + ": " + Objects.requireNonNull(detail, "detail"), cause);
        this.source = source;
        this.line = line;
        this.error = error;
        this.detail = detail;
    }

    /** @return the file or resource that was read */
    public String source() {
        return source;
    }

    /** @return the 1-based line of the problem, or 0 when it concerns the whole file */
    public int line() {
        return line;
    }

    /** @return the stable error code */
    public DatasetError error() {
        return error;
    }

    /** @return what exactly is wrong, for a person */
    public String detail() {
        return detail;
    }
}
