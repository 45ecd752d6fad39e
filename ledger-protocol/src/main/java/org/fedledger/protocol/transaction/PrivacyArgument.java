package org.fedledger.protocol.transaction;

import org.fedledger.protocol.record.PrivacyMode;

/**
 * The optional {@code privacy} field of {@code createTask}'s {@code taskJson}
 * ({@link TaskDefinitionArgument#privacy()}): {@code {"mode":"SECURE","threshold":3}}.
 *
 * @param mode the privacy mode
 * @param threshold for {@link PrivacyMode#SECURE}: cohort members whose shares recover a secret, from 2
 *     to the task's {@code minUpdates}
 */
public record PrivacyArgument(PrivacyMode mode, int threshold) {
}
