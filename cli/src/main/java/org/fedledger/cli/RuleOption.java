package org.fedledger.cli;

import org.fedledger.core.aggregation.RuleSpec;
import picocli.CommandLine.ITypeConverter;

/**
 * The {@code --rule} option of {@code demo} and {@code task create}: a rule's wire name and its
 * parameters, {@code NAME} or {@code NAME:PARAM=VALUE,...} ({@link RuleSpec#parse}), checked by the
 * rule itself.
 *
 * <pre>{@code
 * fedledger task create --task t1 --rule trimmed_mean:beta=0.2
 * fedledger demo --rule multi_krum:f=1,m=5
 * }</pre>
 */
final class RuleOption implements ITypeConverter<RuleSpec> {
    /** What the option's description says about its syntax. */
    static final String SYNTAX = "the aggregation rule as NAME or NAME:PARAM=VALUE,..., for example"
            + " trimmed_mean:beta=0.2, multi_krum:f=1,m=5, fedavg:clip_norm=5 or exact_fedavg:scale_bits=24";

    @Override
    public RuleSpec convert(String value) {
        return RuleSpec.parse(value);
    }
}
