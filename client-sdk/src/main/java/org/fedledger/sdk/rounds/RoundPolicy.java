package org.fedledger.sdk.rounds;

import java.time.Duration;
import java.util.Objects;

/**
 * When the driver closes a round, and how long it waits for the verifiers. A round closes as soon as
 * {@code expectedUpdates} have arrived; when {@code collectTimeout} passes first, it closes with the
 * updates that did arrive if they reach the task's {@code minUpdates} (the trainers that answer carry
 * the round), and otherwise lets the round run to its deadline and closes it there as FAILED.
 *
 * <pre>{@code
 * RoundPolicy policy = RoundPolicy.expecting(3).collectFor(Duration.ofMinutes(2));
 * }</pre>
 *
 * @param expectedUpdates the updates the coordinator waits for before closing early (at least 1)
 * @param collectTimeout how long it waits for them
 * @param decisionTimeout how long it waits for the verifiers to make a proposal FINAL
 */
public record RoundPolicy(int expectedUpdates, Duration collectTimeout, Duration decisionTimeout) {
    /**
     * Checks the values.
     *
     * @param expectedUpdates the updates the coordinator waits for before closing early (at least 1)
     * @param collectTimeout how long it waits for them
     * @param decisionTimeout how long it waits for the verifiers
     */
    public RoundPolicy {
        if (expectedUpdates < 1) {
            throw new IllegalArgumentException("expectedUpdates must be at least 1, was " + expectedUpdates);
        }
        Objects.requireNonNull(collectTimeout, "collectTimeout");
        Objects.requireNonNull(decisionTimeout, "decisionTimeout");
        if (collectTimeout.isNegative() || decisionTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
    }

    /**
     * @param expectedUpdates the updates to wait for
     * @return a policy waiting up to 30 s for them and a minute for the verifiers
     */
    public static RoundPolicy expecting(int expectedUpdates) {
        return new RoundPolicy(expectedUpdates, Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    /**
     * @param timeout how long to wait for the expected updates
     * @return this policy with {@code timeout}
     */
    public RoundPolicy collectFor(Duration timeout) {
        return new RoundPolicy(expectedUpdates, timeout, decisionTimeout);
    }

    /**
     * @param timeout how long to wait for the verifiers' decision
     * @return this policy with {@code timeout}
     */
    public RoundPolicy decideWithin(Duration timeout) {
        return new RoundPolicy(expectedUpdates, collectTimeout, timeout);
    }
}
