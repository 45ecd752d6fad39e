package org.fedledger.cli;

import java.util.Map;
import java.util.TreeMap;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import picocli.CommandLine.ITypeConverter;

/**
 * The {@code --rule} option of {@code demo} and {@code task create}: a rule's wire name and its
 * parameters, {@code NAME} or {@code NAME:PARAM=VALUE,...}, checked by the rule itself.
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
        return parse(value);
    }

    /**
     * @param text {@code NAME} or {@code NAME:PARAM=VALUE,...}, the rule's wire name and parameters
     * @return the rule
     * @throws IllegalArgumentException for an unknown rule, a malformed parameter or one the rule refuses
     */
    static RuleSpec parse(String text) {
        int colon = text.indexOf(':');
        Map<String, String> params = new TreeMap<>();
        if (colon >= 0) {
            for (String pair : text.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--rule parameter '" + pair + "' is not PARAM=VALUE");
                }
                params.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return RuleSpec.of(RuleName.fromWireName((colon >= 0 ? text.substring(0, colon) : text).trim()), params);
    }
}
