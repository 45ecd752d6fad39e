package org.fedledger.protocol.transaction;

import java.util.List;
import org.fedledger.protocol.record.DatasetBinding;
import org.fedledger.protocol.record.DpMechanism;

/**
 * The {@code differentialPrivacy} part of a {@link TaskDefinitionArgument}: the mechanism every update
 * of the task is counted as, and which of its own datasets each training organisation draws from.
 * {@code createTask} checks that every bound dataset exists and stores it as a
 * {@link org.fedledger.protocol.record.TaskPrivacyRecord}.
 *
 * <pre>{@code
 * new TaskPrivacyArgument(new DpMechanism("1.1", "0.05", 20, "1.0"),
 *         List.of(new DatasetBinding("Org1MSP", "wisconsin"), new DatasetBinding("Org2MSP", "wisconsin")));
 * }</pre>
 *
 * @param mechanism noise multiplier, sampling rate, steps per round and clip norm
 * @param datasets one binding per training organisation, each an allowed organisation, at most one each
 */
public record TaskPrivacyArgument(DpMechanism mechanism, List<DatasetBinding> datasets) {
    /**
     * Copies the bindings.
     *
     * @param mechanism noise multiplier, sampling rate, steps per round and clip norm
     * @param datasets one binding per training organisation
     */
    public TaskPrivacyArgument {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }
}
