package org.fedledger.it.fabric;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.testing.StandardTask;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.gateway.GatewayLedger;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * One cryptogen user connected through its own organisation's peer with the Fabric Gateway client:
 * submits and evaluates FedLedger transactions and turns a chaincode refusal into a {@link Refused}
 * carrying the chaincode's error code.
 *
 * <pre>{@code
 * Member trainer = FabricNetwork.get().member(1, "User1");
 * String record = trainer.submit(chunks, TransactionName.SUBMIT_UPDATE, task, "1", hash, "100", "0");
 * }</pre>
 */
public final class Member implements AutoCloseable {

    private final String name;
    private final String mspId;
    private final String certificatePem;
    private final Gateway gateway;
    private final Network network;
    private final Contract contract;
    private final java.util.function.LongConsumer awaitAllPeersAt;

    private Member(String name, String mspId, String certificatePem, Gateway gateway, String channel, String chaincode,
            java.util.function.LongConsumer awaitAllPeersAt) {
        this.awaitAllPeersAt = awaitAllPeersAt;
        this.name = name;
        this.mspId = mspId;
        this.certificatePem = certificatePem;
        this.gateway = gateway;
        this.network = gateway.getNetwork(channel);
        this.contract = network.getContract(chaincode);
    }

    static Member connect(FabricNetwork.OrgProfile org, String user, ManagedChannel channel,
            java.util.function.LongConsumer awaitAllPeersAt) {
        Path msp = org.mspOf(user);
        try {
            Path certFile = onlyFile(msp.resolve("signcerts"));
            String pem = Files.readString(certFile, StandardCharsets.UTF_8);
            X509Certificate certificate = Identities.readX509Certificate(pem);
            var key = Identities.readPrivateKey(readAll(onlyFile(msp.resolve("keystore"))));
            Gateway gateway = Gateway.newInstance()
                    .identity(new X509Identity(org.mspId(), certificate))
                    .signer(Signers.newPrivateKeySigner(key))
                    .hash(Hash.SHA256)
                    .connection(channel)
                    .evaluateOptions(options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .endorseOptions(options -> options.withDeadlineAfter(60, TimeUnit.SECONDS))
                    .submitOptions(options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .commitStatusOptions(options -> options.withDeadlineAfter(60, TimeUnit.SECONDS))
                    .connect();
            return new Member(user + "@" + org.mspId(), org.mspId(), pem, gateway, org.channel(), org.chaincode(),
                    awaitAllPeersAt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the identity of " + user + " in " + msp, e);
        } catch (CertificateException | InvalidKeyException e) {
            throw new IllegalStateException("unusable identity of " + user + " in " + msp, e);
        }
    }

    private static Path onlyFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            if (all.size() != 1) {
                throw new IOException(dir + " should hold exactly one file, holds " + all);
            }
            return all.get(0);
        }
    }

    private static String readAll(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder out = new StringBuilder();
            char[] buffer = new char[4096];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                out.append(buffer, 0, n);
            }
            return out.toString();
        }
    }

    /** @return {@code User1@Org2MSP} and the like */
    public String name() {
        return name;
    }

    /** @return the organisation's MSP id */
    public String mspId() {
        return mspId;
    }

    /** @return this user's X.509 certificate in PEM, as an admin registers it */
    public String certificatePem() {
        return certificatePem;
    }

    /** @return the channel, for block and event queries */
    public Network network() {
        return network;
    }

    /** @return the FedLedger contract */
    public Contract contract() {
        return contract;
    }

    /**
     * Endorses, submits and waits for the commit of one transaction.
     *
     * @return the chaincode's result as UTF-8
     * @throws Refused when the chaincode refuses it
     * @throws IllegalStateException when the commit is invalid
     */
    public String submit(TransactionName transaction, String... args) {
        return submit(Map.of(), transaction, args);
    }

    /** As {@link #submit(String, String...)}, with transient data (payload chunks). */
    public String submit(Map<String, byte[]> transientData, TransactionName transaction, String... args) {
        Committed committed = submitAndWait(transientData, List.of(), transaction, args);
        if (!committed.valid()) {
            throw new IllegalStateException(transaction + " by " + name + " committed as " + committed.status().getCode());
        }
        return committed.result();
    }

    /**
     * Endorses (by {@code endorsers}, or by the organisations discovery picks when empty), submits and
     * waits for the commit status, valid or not.
     *
     * @throws Refused when the chaincode refuses it at endorsement
     */
    public Committed submitAndWait(Map<String, byte[]> transientData, List<String> endorsers, TransactionName transaction,
            String... args) {
        Transaction endorsed = endorse(transientData, endorsers, transaction, args);
        try {
            SubmittedTransaction submitted = endorsed.submitAsync();
            Status status = submitted.getStatus();
            // The next step may be another organisation's: let every peer have this block first.
            awaitAllPeersAt.accept(status.getBlockNumber());
            return new Committed(new String(submitted.getResult(), StandardCharsets.UTF_8), status);
        } catch (SubmitException | CommitStatusException e) {
            throw new IllegalStateException(transaction + " by " + name + " was not committed", e);
        }
    }

    /** Endorses a transaction without submitting it, to submit it later (a race with another transaction). */
    public Transaction endorse(Map<String, byte[]> transientData, List<String> endorsers, TransactionName transaction,
            String... args) {
        Proposal.Builder builder = contract.newProposal(transaction.wireName()).addArguments(args).putAllTransient(transientData);
        if (!endorsers.isEmpty()) {
            builder.setEndorsingOrganizations(endorsers.toArray(String[]::new));
        } else if (!transientData.isEmpty()) {
            // A payload goes to its task's organisations only (the tests' tasks have the standard three),
            // as the SDK sends it: the Gateway's discovery refuses to pick endorsers for transient data
            // written to collections that no one peer is a member of.
            builder.setEndorsingOrganizations(StandardTask.ORGANISATIONS.toArray(String[]::new));
        }
        try {
            return builder.build().endorse();
        } catch (EndorseException e) {
            throw Refused.from(transaction, name, e);
        }
    }

    /**
     * Evaluates a query on this organisation's peer.
     *
     * @return the result as UTF-8
     * @throws Refused when the chaincode refuses it
     */
    public String evaluate(TransactionName transaction, String... args) {
        return new String(evaluateBytes(transaction, args), StandardCharsets.UTF_8);
    }

    /** As {@link #evaluate(String, String...)}, the raw bytes (payload reads). */
    public byte[] evaluateBytes(TransactionName transaction, String... args) {
        try {
            return contract.newProposal(transaction.wireName()).addArguments(args).setEndorsingOrganizations(mspId).build()
                    .evaluate();
        } catch (GatewayException e) {
            throw Refused.from(transaction, name, e);
        }
    }

    /** Submits a transaction that the chaincode must refuse, and returns the refusal. */
    public Refused refusedSubmit(Map<String, byte[]> transientData, TransactionName transaction, String... args) {
        try {
            Committed committed = submitAndWait(transientData, List.of(), transaction, args);
            throw new AssertionError(transaction + " by " + name + " was expected to be refused but committed as "
                    + committed.status().getCode() + ": " + committed.result());
        } catch (Refused refused) {
            return refused;
        }
    }

    /** Evaluates a query that the chaincode must refuse, and returns the refusal. */
    public Refused refusedEvaluate(TransactionName transaction, String... args) {
        try {
            String result = evaluate(transaction, args);
            throw new AssertionError(transaction + " by " + name + " was expected to be refused but returned " + result);
        } catch (Refused refused) {
            return refused;
        }
    }

    @Override
    public void close() {
        gateway.close();
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * A committed transaction: its result and its validation status.
     *
     * @param result the chaincode's result as UTF-8
     * @param status transaction id, block number and validation code
     */
    public record Committed(String result, Status status) {
        /** @return whether the peer validated the transaction */
        public boolean valid() {
            return status.isSuccessful();
        }
    }

    /** A transaction the chaincode refused, with the chaincode's stable error code. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final ErrorCode code;

        private Refused(ErrorCode code, String message, Throwable cause) {
            super(code + ": " + message, cause);
            this.code = code;
        }

        static Refused from(TransactionName transaction, String who, GatewayException e) {
            var refused = GatewayLedger.refusal(e).orElseThrow(() -> new IllegalStateException(transaction + " by "
                    + who + " failed without a chaincode error code: " + e.getMessage() + " " + e.getDetails(), e));
            return new Refused(refused.code(), refused.detail(), e);
        }

        /** @return the chaincode's error code, such as {@link ErrorCode#FORBIDDEN} */
        public ErrorCode code() {
            return code;
        }
    }
}
