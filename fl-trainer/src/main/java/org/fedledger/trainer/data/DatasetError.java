package org.fedledger.trainer.data;

/**
 * Stable codes for what can be wrong with a dataset file; each is carried by a
 * {@link DatasetFormatException} with the file and line.
 *
 * <pre>{@code
 * if (e.error() == DatasetError.MISSING_FILE) { ... point the user at --data ... }
 * }</pre>
 */
public enum DatasetError {
    /** The file does not exist. Fix the path. */
    MISSING_FILE,
    /** The file exists but cannot be read or decompressed. */
    UNREADABLE,
    /** The file has no samples. */
    EMPTY,
    /** The header line is missing or does not describe the expected layout. */
    BAD_HEADER,
    /** A line has the wrong number of comma-separated columns, or is blank. */
    WRONG_COLUMN_COUNT,
    /** A feature is not a plain decimal number (NaN, infinity and hexadecimal are refused too). */
    NOT_A_NUMBER,
    /** A feature is a number outside the range the dataset allows. */
    VALUE_OUT_OF_RANGE,
    /** A label is not an integer class index of the dataset. */
    BAD_LABEL,
    /** The number of samples differs from what the header declares. */
    ROW_COUNT_MISMATCH
}
