package org.fedledger.sdk.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.fedledger.protocol.event.LedgerEvent;
import org.junit.jupiter.api.Test;

/**
 * The verifier service subscribes to the event types it handles only. A merged event (one that stands for
 * several steps, {@link LedgerEvent#parts()}) carries steps it acts on, such as a proposal, so every such
 * type must be subscribed to: left out, the service would never see the proposals it carries.
 */
class HandledEventsTest {
    @Test
    void every_merged_event_type_is_among_the_types_the_service_subscribes_to() throws Exception {
        List<Class<?>> merged = Arrays.stream(LedgerEvent.class.getPermittedSubclasses())
                .filter(type -> Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals("parts")))
                .toList();
        assertThat(merged).contains(LedgerEvent.RoundAdvanced.class, LedgerEvent.ProposalPipelined.class);
        assertThat(VerifierService.HANDLED).containsAll(merged.stream()
                .<Class<? extends LedgerEvent>>map(type -> type.asSubclass(LedgerEvent.class)).toList());
    }
}
