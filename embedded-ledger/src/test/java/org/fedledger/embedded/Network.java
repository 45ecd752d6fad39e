package org.fedledger.embedded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.LedgerConnection;

/**
 * Three organisations on an embedded ledger, with the protocol's participants registered by their
 * organisations' admins, each with its own SDK connection.
 */
final class Network implements AutoCloseable {
    static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

    final EmbeddedLedger ledger;
    final Identity coordinatorId;
    final Identity trainer1Id;
    final Identity trainer2Id;
    final Identity trainer3Id;
    final LedgerConnection coordinator;
    final LedgerConnection aggregator;
    final LedgerConnection trainer1;
    final LedgerConnection trainer2;
    final LedgerConnection trainer3;
    final LedgerConnection verifier1;
    final LedgerConnection verifier2;
    final LedgerConnection verifier3;
    final LedgerConnection auditor;

    private Network(EmbeddedLedger ledger, boolean register) {
        this.ledger = ledger;
        coordinatorId = ledger.organisation("Org1MSP").client("coordinator");
        trainer1Id = ledger.organisation("Org1MSP").client("trainer1");
        trainer2Id = ledger.organisation("Org2MSP").client("trainer2");
        trainer3Id = ledger.organisation("Org3MSP").client("trainer3");
        coordinator = ledger.connect(coordinatorId);
        aggregator = ledger.connect(ledger.organisation("Org1MSP").client("aggregator"));
        trainer1 = ledger.connect(trainer1Id);
        trainer2 = ledger.connect(trainer2Id);
        trainer3 = ledger.connect(trainer3Id);
        verifier1 = ledger.connect(ledger.organisation("Org1MSP").client("verifier1"));
        verifier2 = ledger.connect(ledger.organisation("Org2MSP").client("verifier2"));
        verifier3 = ledger.connect(ledger.organisation("Org3MSP").client("verifier3"));
        auditor = ledger.connect(ledger.organisation("Org2MSP").client("auditor"));
        if (register) {
            register("Org1MSP", coordinator, "coordinator");
            register("Org1MSP", aggregator, "aggregator");
            register("Org1MSP", trainer1, "trainer");
            register("Org2MSP", trainer2, "trainer");
            register("Org3MSP", trainer3, "trainer");
            register("Org1MSP", verifier1, "verifier");
            register("Org2MSP", verifier2, "verifier");
            register("Org3MSP", verifier3, "verifier");
            register("Org2MSP", auditor, "auditor");
        }
    }

    /** A fresh in-memory network with everyone registered; the clock stands at {@link #T0}. */
    static Network inMemory() {
        return new Network(builder().inMemory().build(), true);
    }

    /** A network on {@code ledger} with everyone registered. */
    static Network registered(EmbeddedLedger ledger) {
        return new Network(ledger, true);
    }

    /** A durable network in {@code folder}; participants are registered only when {@code register}. */
    static Network durable(Path folder, boolean register) {
        return new Network(builder().dataFolder(folder).build(), register);
    }

    static EmbeddedLedger.Builder builder() {
        return EmbeddedLedger.builder().clock(Clock.fixed(T0, ZoneOffset.UTC))
                .blockCutting(50, java.time.Duration.ofMillis(5));
    }

    private void register(String msp, LedgerConnection member, String roles) {
        member.submit(TransactionName.REQUEST_ROLES, List.of(roles), Map.of());
        admin(msp).submit(TransactionName.REGISTER_PARTICIPANT, List.of(member.identity().certificatePem(), roles), Map.of());
    }

    LedgerConnection admin(String msp) {
        return ledger.connect(ledger.organisation(msp).admin());
    }

    /** Parses a record the chaincode returned. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> json(byte[] bytes) {
        return new com.google.gson.Gson().fromJson(new String(bytes, StandardCharsets.UTF_8), Map.class);
    }

    /** Every event delivered from block 0, read up to the number of valid transactions with an event. */
    List<org.fedledger.sdk.ledger.ChaincodeEventRecord> allEvents() {
        long expected = 0;
        for (long b = 0; b < ledger.height(); b++) {
            var block = ledger.block(b).orElseThrow();
            for (int i = 0; i < block.transactions().size(); i++) {
                if (block.validationCodes().get(i) == org.hyperledger.fabric.protos.peer.TxValidationCode.VALID
                        && block.transactions().get(i).result().event().isPresent()) {
                    expected++;
                }
            }
        }
        List<org.fedledger.sdk.ledger.ChaincodeEventRecord> out = new java.util.ArrayList<>();
        try (var events = auditor.events(org.fedledger.sdk.ledger.EventPosition.startOf(0))) {
            while (out.size() < expected && events.hasNext()) {
                out.add(events.next());
            }
        }
        return out;
    }

    @Override
    public void close() {
        ledger.close();
    }
}
