package org.fedledger.it.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus whatever time a test has skipped: given to the embedded ledger (proposals'
 * timestamps) and to the SDK (awaits, overdue rounds), it lets a scenario pass a round's deadline at
 * once instead of waiting for it, while time still flows for everything else.
 *
 * <pre>{@code
 * SkippingClock clock = new SkippingClock();
 * EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().clock(clock).build();
 * clock.skipPast(Instant.ofEpochSecond(round.deadline()));
 * }</pre>
 */
public final class SkippingClock extends Clock {
    private final AtomicReference<Duration> skipped = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
        return Instant.now().plus(skipped.get());
    }

    /** Moves this clock on to one second after {@code instant}, unless it is there already. */
    public void skipPast(Instant instant) {
        Instant target = instant.plusSeconds(1);
        skipped.updateAndGet(s -> {
            Duration missing = Duration.between(Instant.now().plus(s), target);
            return missing.isNegative() ? s : s.plus(missing);
        });
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a skipping clock stays in UTC");
    }
}
