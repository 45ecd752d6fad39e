package org.fedledger.audit.report;

/**
 * What one identity contributed to the task.
 *
 * @param msp its organisation
 * @param contributor its identity id
 * @param updates update records it submitted
 * @param inFinalModels of those, inputs with a non-zero weight of a final model
 * @param samples declared samples over all its updates
 */
public record Contribution(String msp, String contributor, int updates, int inFinalModels, long samples) {
}
