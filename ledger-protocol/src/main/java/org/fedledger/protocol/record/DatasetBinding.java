package org.fedledger.protocol.record;

/**
 * Which dataset an organisation's trainers draw from in a task with differential privacy.
 *
 * <pre>{@code
 * new DatasetBinding("Org1MSP", "wisconsin");
 * }</pre>
 *
 * @param msp the organisation
 * @param datasetId one of its datasets ({@link DatasetRecord})
 */
public record DatasetBinding(String msp, String datasetId) {
}
