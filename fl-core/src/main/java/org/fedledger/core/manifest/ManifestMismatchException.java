package org.fedledger.core.manifest;

import java.util.Objects;

/**
 * A well-formed manifest that does not describe the closed round it claims to aggregate: another
 * task, round, base model or rule, an input that was not accepted, an accepted update dropped, a
 * sample count or weight that is not what the rule gives, or an exclusion reason the rule does not
 * use. The offending part is a field, never something to parse out of the message.
 *
 * <pre>{@code
 * try {
 *     closedRound.check(manifest);
 * } catch (ManifestMismatchException e) {
 *     log.warn("manifest wrong at {}: {}", e.field(), e.problem());
 * }
 * }</pre>
 */
public final class ManifestMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @serial the manifest field at fault, as a path such as {@code inputs[2].weightNumerator} */
    private final String field;
    /** @serial what is wrong there */
    private final String problem;

    /**
     * @param field the manifest field at fault, as a path such as {@code inputs[2].weightNumerator}
     * @param problem what is wrong there, for a person
     */
    public ManifestMismatchException(String field, String problem) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(problem, "problem"));
        this.field = field;
        this.problem = problem;
    }

    /** @return the manifest field at fault, as a path such as {@code inputs[2].weightNumerator} */
    public String field() {
        return field;
    }

    /** @return what is wrong there */
    public String problem() {
        return problem;
    }
}
