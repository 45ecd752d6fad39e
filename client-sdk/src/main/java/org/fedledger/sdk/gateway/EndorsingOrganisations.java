package org.fedledger.sdk.gateway;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Which of the organisations a payload's endorsement was asked of could not endorse it: those the
 * Gateway knows no peer of, and those whose peer failed. A payload is endorsed by its task's
 * organisations only (so no other organisation's peer receives its bytes); when some of them are down,
 * the others endorse.
 *
 * <pre>{@code
 * List<String> rest = EndorsingOrganisations.withoutUnreachable(List.of("Org1MSP", "Org2MSP"), endorseException);
 * }</pre>
 */
final class EndorsingOrganisations {
    /** Fabric's Gateway, asked to endorse by an organisation of which it knows no peer. */
    private static final Pattern NO_PEERS = Pattern.compile("failed to find any endorsing peers for org\\(s\\): ([^;]*)");

    private EndorsingOrganisations() {
    }

    /**
     * @param endorsers the organisations asked
     * @param failure the Gateway's answer
     * @return {@code endorsers} without those that could not endorse, in order
     */
    static List<String> withoutUnreachable(List<String> endorsers, GatewayException failure) {
        return without(endorsers, failure.getStatus().getDescription(),
                failure.getDetails().stream().map(ErrorDetail::getMspId).toList());
    }

    /**
     * @param endorsers the organisations asked
     * @param description the failure's status description
     * @param failedOrganisations the organisations whose peer answered with a failure
     * @return {@code endorsers} without those named
     */
    static List<String> without(List<String> endorsers, String description, Collection<String> failedOrganisations) {
        Set<String> unreachable = new HashSet<>(failedOrganisations);
        if (description != null) {
            Matcher m = NO_PEERS.matcher(description);
            if (m.find()) {
                Arrays.stream(m.group(1).split(",")).map(String::trim).forEach(unreachable::add);
            }
        }
        return endorsers.stream().filter(o -> !unreachable.contains(o)).toList();
    }
}
