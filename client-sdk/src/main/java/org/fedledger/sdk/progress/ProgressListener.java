package org.fedledger.sdk.progress;

import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Hears what a ledger call does while it waits longer than a normal call takes: each retry after a
 * transient failure (with the retry budget left), each read failed over to another organisation's
 * peer, and each resend of a transaction whose commit status did not come. Called on the waiting
 * thread; keep it quick. Nothing is reported for calls that succeed at once.
 *
 * <pre>{@code
 * FedLedger ledger = FedLedger.open(profile, p -> System.err.println(p.line()));
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * Hears one progress line.
     *
     * @param progress what the call waits for and for how long so far
     */
    void waiting(Progress progress);

    /** @return a listener that drops every line */
    static ProgressListener none() {
        return p -> {
        };
    }

    /**
     * The default: each line at level INFO on the {@link System.Logger} named {@code org.fedledger.sdk.progress},
     * so a stall is never silent.
     *
     * @return a listener writing to the platform logger
     */
    static ProgressListener logger() {
        return logger(System.getLogger("org.fedledger.sdk.progress"));
    }

    /**
     * @param logger where the lines go, at level INFO
     * @return a listener writing to {@code logger}
     */
    static ProgressListener logger(System.Logger logger) {
        Objects.requireNonNull(logger, "logger");
        return p -> logger.log(Level.INFO, p.line());
    }
}
