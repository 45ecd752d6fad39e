package org.fedledger.embedded;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.fedledger.embedded.block.Block;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.embedded.identity.Organisation;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;

/**
 * The FedLedger chaincode run in-process with Fabric's semantics, for N organisations: each
 * organisation endorses with its own copy of the shim's contract router; a transaction is valid
 * when the endorsement policy is met by identical results and no read conflicts with an earlier
 * transaction in block order; events are delivered after commit. The SDK uses it through
 * {@link #connect(Identity)}, exactly as it uses a Fabric Gateway.
 *
 * <pre>{@code
 * try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build()) {
 *     Identity admin = ledger.organisation("Org1MSP").admin();
 *     LedgerConnection connection = ledger.connect(admin);
 *     connection.submit(TransactionName.REGISTER_PARTICIPANT, List.of(pem, "trainer"), Map.of());
 * }
 * }</pre>
 */
public interface EmbeddedLedger extends AutoCloseable {

    /** @return a builder with the defaults: three organisations Org1MSP..Org3MSP, MAJORITY, in memory */
    static Builder builder() {
        return new Builder();
    }

    /** @return the organisations' MSP ids, in order */
    List<String> organisations();

    /**
     * @param mspId an organisation's MSP id
     * @return the organisation, to get its identities
     * @throws IllegalArgumentException when no organisation has that MSP id
     */
    Organisation organisation(String mspId);

    /**
     * A connection for one identity, implementing the SDK's seam. Its submits are endorsed by the
     * identity's own organisation first, then by the next organisations in order, as many as the
     * policy needs.
     *
     * @param identity a client or admin identity of one of the organisations
     * @return the connection; closing it leaves the ledger open
     */
    LedgerConnection connect(Identity identity);

    /**
     * The identity a connection profile names, by the keys every ledger kind shares: {@code mspId}
     * and {@code user} ({@code Admin} is the organisation's admin; any other name a client member,
     * issued on first use).
     *
     * <pre>{@code
     * Identity trainer = ledger.identity(ConnectionProfile.of(Map.of("mspId", "Org2MSP", "user", "User1")));
     * }</pre>
     *
     * @param profile a profile with {@code mspId} and {@code user}
     * @return the identity
     * @throws IllegalArgumentException when a key is missing or no organisation has that MSP id
     */
    default Identity identity(ConnectionProfile profile) {
        String msp = profile.require("mspId");
        if (!organisations().contains(msp)) {
            throw new IllegalArgumentException("the embedded ledger has no organisation " + msp + "; it has "
                    + organisations());
        }
        String user = profile.require("user");
        return "Admin".equals(user) ? organisation(msp).admin() : organisation(msp).client(user);
    }

    /**
     * Runs a query on the peer of the identity's organisation.
     *
     * @param creator who asks
     * @param transaction the transaction
     * @param arguments its arguments
     * @return the chaincode's result
     * @throws org.fedledger.sdk.errors.ContractRefusedException the chaincode refused, with its code
     * @throws ChaincodeFailedException the chaincode failed without a code
     */
    byte[] evaluate(Identity creator, TransactionName transaction, List<String> arguments);

    /**
     * Endorses now, by the organisations named (in that order); orders nothing.
     *
     * @param creator who signs the proposal
     * @param transaction the transaction
     * @param arguments its arguments
     * @param transientData private inputs
     * @param endorsers the MSP ids of the organisations to ask
     * @return the endorsed proposal
     * @throws org.fedledger.sdk.errors.ContractRefusedException an organisation's chaincode refused
     * @throws ChaincodeFailedException an organisation's chaincode failed without a code
     * @throws IllegalArgumentException an endorser is unknown or named twice, or none is named
     */
    Endorsed endorse(Identity creator, TransactionName transaction, List<String> arguments,
            Map<String, byte[]> transientData, Collection<String> endorsers);

    /**
     * Orders an endorsed proposal; the future completes after its block is committed (and written
     * to the log, when durable), valid or not.
     *
     * @param endorsed what {@link #endorse} returned
     * @return the commit status
     * @throws IllegalStateException when the ledger is closed
     */
    CompletableFuture<CommitStatus> submit(Endorsed endorsed);

    /** @return the organisations a default submit by {@code creator} is endorsed by */
    List<String> defaultEndorsers(Identity creator);

    /** @return the number of blocks, genesis included */
    long height();

    /**
     * What one organisation's peer stores of the private data: every value of every collection it holds,
     * as a check that bytes meant for others never reached it.
     *
     * @param mspId an organisation of this ledger
     * @return the values its peer holds, collection by collection in key order
     */
    List<byte[]> heldPrivateValues(String mspId);

    /** @return the block of that number, if committed */
    Optional<Block> block(long number);

    /**
     * The block in Fabric's own format (fabric-protos): envelopes signed by their creators, proposal
     * responses with read-write sets and events, endorsements signed by each organisation's peer,
     * the transaction filter in the metadata, the header hash chain.
     *
     * @param number the block number
     * @return the block, if committed
     */
    Optional<org.hyperledger.fabric.protos.common.Block> fabricBlock(long number);

    /** @return the committed transaction of that id, if any */
    Optional<TransactionInfo> transaction(String txId);

    /** @return height and the last block's hashes */
    ChainInfo chainInfo();

    /** @return what opening the data folder found */
    Recovery recovery();

    /** Stops ordering; transactions not yet committed fail. The data folder stays consistent. */
    @Override
    void close();

    /**
     * Configures an embedded ledger. Each setter checks its argument.
     *
     * <pre>{@code
     * EmbeddedLedger ledger = EmbeddedLedger.builder().organisations(3).dataFolder(dir).build();
     * }</pre>
     */
    final class Builder {
        private List<String> organisations = List.of("Org1MSP", "Org2MSP", "Org3MSP");
        private EndorsementPolicy policy = EndorsementPolicy.MAJORITY;
        private String channel = "fedledger";
        private Map<String, Set<String>> collections;
        private int maxBlockTransactions = 200;
        /**
         * How long a block waits for more transactions after its first: short, because every commit on a
         * round's path waits it once (10 ms made the demo's steady breast-cancer round 141 ms, 2 ms 120 ms,
         * with the same models), and long enough that transactions sent at once share a block.
         */
        private Duration batchTimeout = Duration.ofMillis(2);
        private Clock clock = Clock.systemUTC();
        private Path dataFolder;

        Builder() {
        }

        /**
         * @param count organisations Org1MSP..Org{count}MSP
         * @return this
         * @throws IllegalArgumentException unless 1..16
         */
        public Builder organisations(int count) {
            if (count < 1 || count > 16) {
                throw new IllegalArgumentException("organisations must be 1..16, was " + count);
            }
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                names.add("Org" + i + "MSP");
            }
            this.organisations = List.copyOf(names);
            return this;
        }

        /**
         * @param mspIds the organisations' MSP ids, in order
         * @return this
         * @throws IllegalArgumentException when empty or repeated
         */
        public Builder organisations(List<String> mspIds) {
            if (mspIds.isEmpty() || Set.copyOf(mspIds).size() != mspIds.size()) {
                throw new IllegalArgumentException("organisations must be distinct and at least one, were " + mspIds);
            }
            this.organisations = List.copyOf(mspIds);
            return this;
        }

        /** @return this, with the endorsement policy */
        public Builder policy(EndorsementPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** @return this, with the channel name (default {@code fedledger}) */
        public Builder channel(String channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Private data collections and their member organisations; by default
         * {@link Collections#definedFor}: the shared pair with every organisation and each organisation's
         * own pair, as the network's collections configuration.
         *
         * @param membersByCollection member MSP ids per collection
         * @return this
         */
        public Builder collections(Map<String, Set<String>> membersByCollection) {
            this.collections = Map.copyOf(Objects.requireNonNull(membersByCollection, "membersByCollection"));
            return this;
        }

        /**
         * @param maxTransactions a block is cut when it holds this many transactions
         * @param timeout or when its first transaction has waited this long
         * @return this
         * @throws IllegalArgumentException for a count below 1 or a timeout not positive
         */
        public Builder blockCutting(int maxTransactions, Duration timeout) {
            if (maxTransactions < 1 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("block cutting needs maxTransactions >= 1 and a positive timeout");
            }
            this.maxBlockTransactions = maxTransactions;
            this.batchTimeout = timeout;
            return this;
        }

        /** @return this, with the clock proposals take their timestamp from */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return this, durable in {@code folder} (block log and crypto material) */
        public Builder dataFolder(Path folder) {
            this.dataFolder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /** @return this, keeping nothing on disk */
        public Builder inMemory() {
            this.dataFolder = null;
            return this;
        }

        /**
         * @return the ledger, its state rebuilt from the data folder's log if there is one
         * @throws CorruptLedgerException the log is damaged
         * @throws java.io.UncheckedIOException the folder cannot be read or written
         */
        public EmbeddedLedger build() {
            return open();
        }

        /** {@link #build()}, as the implementation, for this package's connections that close with the ledger. */
        Ledger open() {
            Map<String, Set<String>> members = collections;
            if (members == null) {
                members = Collections.definedFor(organisations);
            }
            return new Ledger(new Ledger.Config(organisations, policy, channel, members, maxBlockTransactions,
                    batchTimeout, clock, Optional.ofNullable(dataFolder)));
        }
    }
}
