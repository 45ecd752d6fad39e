package org.fedledger.chaincode.errors;

import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps expected refusals out of the error log. The shim logs every failed transaction at SEVERE
 * with a full stack trace (its {@code ResponseUtils} logger), which on a real peer makes each
 * {@code ROUND_NOT_OPEN} look like an outage. Installed on the root log handlers, this filter
 * replaces that record by one INFO line ({@code refused NOT_FOUND: ...}) when the transaction on this
 * thread was refused with a {@link FedLedgerException}; any other failure keeps its SEVERE record
 * and trace.
 *
 * <pre>{@code
 * RefusalLog.install();            // once, when the contract is created
 * RefusalLog.startTransaction();   // at the start of each transaction
 * }</pre>
 */
public final class RefusalLog {
    /** The shim logger that reports failed transactions. */
    static final String SHIM_ERROR_LOGGER = "org.hyperledger.fabric.shim.ResponseUtils";

    private static final Logger LOG = Logger.getLogger("org.fedledger.chaincode");
    private static final ThreadLocal<FedLedgerException> REFUSAL = new ThreadLocal<>();
    private static final ThreadLocal<LogRecord> REPORTED = new ThreadLocal<>();

    private RefusalLog() {
    }

    /**
     * Wraps the filter of every handler of the root logger (once per handler).
     *
     * <pre>{@code
     * RefusalLog.install();
     * }</pre>
     */
    public static synchronized void install() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            Filter current = handler.getFilter();
            if (!(current instanceof RefusalFilter)) {
                handler.setFilter(new RefusalFilter(current));
            }
        }
    }

    /** Forgets any refusal of an earlier transaction on this thread. */
    public static void startTransaction() {
        REFUSAL.remove();
        REPORTED.remove();
    }

    static void refusing(FedLedgerException refusal) {
        REFUSAL.set(refusal);
    }

    private record RefusalFilter(Filter inner) implements Filter {
        @Override
        public boolean isLoggable(LogRecord record) {
            FedLedgerException refusal = REFUSAL.get();
            if (refusal != null && record.getLevel() == Level.SEVERE && SHIM_ERROR_LOGGER.equals(record.getLoggerName())) {
                if (REPORTED.get() != record) {
                    REPORTED.set(record);
                    LOG.info(() -> "refused " + refusal.getMessage());
                }
                return false;
            }
            return inner == null || inner.isLoggable(record);
        }
    }
}
