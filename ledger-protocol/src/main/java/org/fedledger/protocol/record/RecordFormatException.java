package org.fedledger.protocol.record;

import java.util.Objects;

/**
 * A ledger record (or event payload) whose JSON does not fit its type. The offending place is a
 * field, not something to parse out of the message.
 *
 * <pre>{@code
 * catch (RecordFormatException e) {
 *     log.warn("record {} is bad at {}: {}", key, e.path(), e.problem());
 * }
 * }</pre>
 */
public final class RecordFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @serial the JSON path of the offending value, such as {@code $.accepted[2].hash} */
    private final String path;
    /** @serial what is wrong there */
    private final String problem;

    /**
     * @param path the JSON path of the offending value ({@code $} for the whole document)
     * @param problem what is wrong there, for a person
     */
    public RecordFormatException(String path, String problem) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(problem, "problem"));
        this.path = path;
        this.problem = problem;
    }

    /** @return the JSON path of the offending value, such as {@code $.accepted[2].hash} */
    public String path() {
        return path;
    }

    /** @return what is wrong there */
    public String problem() {
        return problem;
    }
}
