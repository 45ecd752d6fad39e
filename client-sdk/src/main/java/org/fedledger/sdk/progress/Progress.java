package org.fedledger.sdk.progress;

import java.time.Duration;
import java.util.Objects;

/**
 * One progress line of a call that waits: which call, how long it has waited so far, and why it
 * waits or what it does next.
 *
 * <pre>{@code
 * new Progress("submitUpdate", Duration.ofSeconds(4), "no commit status for tx 3f2a after 4 s; resending it")
 *         .line();   // "submitUpdate: waiting 4.0 s: no commit status for tx 3f2a after 4 s; resending it"
 * }</pre>
 *
 * @param call the ledger call that waits (a transaction name, or what an await waits for)
 * @param waited how long the call has waited so far
 * @param detail why it waits, or what it tries next
 */
public record Progress(String call, Duration waited, String detail) {
    /** Checks the fields. */
    public Progress {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(waited, "waited");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return the line for a person: call, time waited with one decimal, detail */
    public String line() {
        return call + ": waiting " + String.format(java.util.Locale.ROOT, "%.1f s", waited.toMillis() / 1000.0) + ": "
                + detail;
    }
}
