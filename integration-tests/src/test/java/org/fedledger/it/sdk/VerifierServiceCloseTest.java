package org.fedledger.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.sdk.testing.SdkParticipants;
import org.fedledger.sdk.verifier.VerifierService;
import org.fedledger.sdk.verifier.VerifierService.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a verifier service while it handles an event waits for that event: once close returns,
 * the handler has finished, its checkpoint is written, and nothing writes to the state folder any more
 * (every thread of the service has ended). Latches and thread states order the steps; nothing sleeps.
 */
class VerifierServiceCloseTest {
    @Test
    @Timeout(120)
    void close_waits_for_the_event_in_hand_and_then_the_state_folder_stays_still(@TempDir Path state) throws Exception {
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
                SdkParticipants p = SdkParticipants.register((org, user) -> {
                    var o = ledger.organisation("Org" + org + "MSP");
                    return ledger.connect("Admin".equals(user) ? o.admin() : o.client(user));
                })) {
            var definition = SdkParticipants.task("close").build();
            String taskId = definition.taskId();
            long start = p.coordinator.coordinator().createTask(definition).blockNumber();

            CountDownLatch inHand = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean handled = new AtomicBoolean();
            Set<Thread> serviceThreads = ConcurrentHashMap.newKeySet();
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            VerifierService service = VerifierService.start(p.verifier2, state, start, outcome -> {
                if (outcome instanceof Outcome.Attested && inHand.getCount() > 0) {
                    serviceThreads.add(Thread.currentThread());
                    inHand.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS); // a slow step, held until close is waiting for it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    handled.set(true);
                }
            });
            Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .filter(t -> t.getName().startsWith("fedledger-verifier")).forEach(serviceThreads::add);
            p.coordinator.coordinator().openRound(taskId);
            p.trainer1.trainer(taskId).submitUpdate(1, SdkParticipants.model(1f), 10);
            p.trainer2.trainer(taskId).submitUpdate(1, SdkParticipants.model(2f), 20);
            p.coordinator.coordinator().closeRound(taskId, 1);
            p.aggregator.aggregator(taskId).propose(p.aggregator.aggregator(taskId).aggregate(1));
            assertThat(inHand.await(60, TimeUnit.SECONDS)).as("the service attested the proposal").isTrue();

            // Close from another thread; the handler is let go only once close is blocked, waiting for it.
            AtomicBoolean handledWhenCloseReturned = new AtomicBoolean();
            Thread closer = new Thread(() -> {
                service.close();
                handledWhenCloseReturned.set(handled.get());
            }, "closer");
            closer.start();
            while (closer.getState() == Thread.State.NEW || closer.getState() == Thread.State.RUNNABLE) {
                Thread.onSpinWait();
            }
            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(closer.isAlive()).as("close returned").isFalse();
            assertThat(handledWhenCloseReturned).as("the event in hand finished before close returned").isTrue();
            assertThat(service.awaitTermination(java.time.Duration.ZERO)).isTrue();

            // Nothing can write to the state folder afterwards: every thread of the service has ended.
            String checkpoints = folderContents(state);
            assertThat(serviceThreads).as("the service's event and deadline threads").hasSize(2);
            for (Thread t : serviceThreads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
            }
            assertThat(folderContents(state)).as("nothing written after close").isEqualTo(checkpoints);
            // The checkpoint and the watched rounds: readable by their owner only.
            try (var files = Files.walk(state)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .as("%s", f.getFileName()).isEqualTo("rw-------");
                }
            }
        }
    }

    /** Every file of the folder with its bytes, as one string to compare. */
    private static String folderContents(Path folder) throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append(folder.relativize(f)).append('=').append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }
}
