package org.fedledger.embedded.block;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.embedded.state.ReadWriteSet;

/**
 * What one endorsing organisation's simulation produced: the chaincode response (status, message,
 * payload), the event, and the read-write set. Endorsers sign it as Fabric's proposal response
 * payload ({@link FabricFormat#responsePayload}), in which private values appear only as hashes; two
 * organisations agree when those bytes are equal.
 *
 * <pre>{@code
 * if (!result.succeeded()) { refuse(result.message()); }
 * }</pre>
 *
 * @param status the chaincode's status (200 success, 500 refusal)
 * @param message the chaincode's message (empty on success)
 * @param payload the chaincode's result
 * @param event the event, if one was set
 * @param readWriteSet what the simulation read and wrote
 */
public record ProposalResult(int status, String message, byte[] payload, Optional<Event> event,
        ReadWriteSet readWriteSet) {
    /** Fabric's threshold: a status at or above it is an endorsement failure. */
    public static final int ERROR_THRESHOLD = 400;

    /** Checks the parts and copies the payload. */
    public ProposalResult {
        Objects.requireNonNull(message, "message");
        payload = Objects.requireNonNull(payload, "payload").clone();
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(readWriteSet, "readWriteSet");
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** @return whether the chaincode succeeded */
    public boolean succeeded() {
        return status < ERROR_THRESHOLD;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProposalResult r && r.status == status && r.message.equals(message)
                && Arrays.equals(r.payload, payload) && r.event.equals(event) && r.readWriteSet.equals(readWriteSet);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, message, Arrays.hashCode(payload), event);
    }

    @Override
    public String toString() {
        return "ProposalResult[status=" + status + ", event=" + event.map(Event::name).orElse("-") + ", " + readWriteSet + "]";
    }
}
