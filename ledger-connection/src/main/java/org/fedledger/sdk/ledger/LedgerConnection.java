package org.fedledger.sdk.ledger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedledger.protocol.transaction.TransactionName;

/**
 * One identity's connection to a FedLedger channel: the seam between the SDK's role APIs and a
 * ledger. Two implementations exist: Fabric Gateway (a consortium's real network) and the embedded
 * ledger (the chaincode run in-process with Fabric's semantics). Application code never sees which.
 *
 * <p>Every method translates its ledger's failures into the SDK's exceptions once, here:
 * {@link org.fedledger.sdk.errors.ContractRefusedException} (the chaincode refused, with its error
 * code), {@link org.fedledger.sdk.errors.CommitInvalidatedException} (ordered but invalid, with
 * Fabric's validation code), {@link org.fedledger.sdk.errors.CommitStatusUnknownException} (sent,
 * outcome unknown) and {@link org.fedledger.sdk.errors.LedgerUnavailableException} (not reached).
 *
 * <pre>{@code
 * byte[] task = connection.evaluate(TransactionName.GET_TASK, List.of("mnist"));
 * }</pre>
 */
public interface LedgerConnection extends AutoCloseable {

    /** @return the identity this connection acts as */
    LedgerIdentity identity();

    /**
     * Runs a query on this organisation's peer; nothing is ordered.
     *
     * @param transaction an evaluate transaction
     * @param arguments its arguments, in {@link TransactionName#arguments()} order
     * @return the chaincode's result bytes
     * @throws org.fedledger.sdk.errors.ContractRefusedException the chaincode refused
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException the peer was not reached
     */
    byte[] evaluate(TransactionName transaction, List<String> arguments);

    /**
     * Endorses a transaction by the organisations the endorsement policy needs, orders it and waits
     * until this organisation's peer has committed it.
     *
     * @param transaction a submit transaction
     * @param arguments its arguments, in {@link TransactionName#arguments()} order
     * @param transientData private inputs (payload chunks), never written to a block
     * @return transaction id, block number and the chaincode's result
     * @throws org.fedledger.sdk.errors.ContractRefusedException refused at endorsement: nothing ordered
     * @throws org.fedledger.sdk.errors.CommitInvalidatedException ordered, and invalid at commit
     * @throws org.fedledger.sdk.errors.CommitStatusUnknownException sent, but its outcome was not learned
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException not sent
     */
    Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData);

    /**
     * {@link #submit(TransactionName, List, Map)} for a transaction whose transient data is a task's
     * payload: the peers of the task's organisations endorse it, and no other organisation's peer
     * receives the bytes (each of them keeps its own copy, in its own collection). The task's
     * organisations must satisfy the chaincode's endorsement policy; on Fabric, when one of them is
     * unreachable, the others endorse if they are more than half of them.
     *
     * @param transaction a submit transaction carrying a payload
     * @param arguments its arguments, in {@link TransactionName#arguments()} order
     * @param transientData the payload chunks, never written to a block
     * @param payloadOrganisations the MSP ids of the task's organisations
     * @return as {@link #submit(TransactionName, List, Map)}
     * @throws org.fedledger.sdk.errors.FedLedgerClientException as {@link #submit(TransactionName, List, Map)}
     */
    default Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData,
            Set<String> payloadOrganisations) {
        // A connection that cannot choose its endorsers (a test double) endorses as for any submit.
        return submit(transaction, arguments, transientData);
    }

    /**
     * The chaincode events of valid transactions, in block order, from {@code from} on. The stream
     * waits for new blocks until it is closed.
     *
     * @param from where to start: a block, and optionally the last transaction of it already handled
     * @return the events; close it to stop
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException the peer was not reached
     */
    EventStream events(EventPosition from);

    /**
     * Waits until this connection's peer has committed block {@code blockNumber}, so that what this
     * identity reads next includes it. A submit returns once the submitter's own peer committed; another
     * organisation acting on it right after calls this first with the submit's block number.
     *
     * @param blockNumber the block to wait for
     * @param timeout how long to wait at most
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when the peer does not get there in time
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException the peer was not reached
     */
    void awaitBlock(long blockNumber, java.time.Duration timeout);

    /**
     * The number of blocks this connection's peer has committed, block 0 (the channel's genesis
     * configuration block) included; the last block's number is one less.
     *
     * @return the peer's block height
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException the peer was not reached
     */
    long blockHeight();

    /**
     * Block {@code number} exactly as this connection's peer stores it, for reading the channel's
     * raw blocks independently of the chaincode's records.
     *
     * <pre>{@code
     * Block b = Block.parseFrom(connection.block(0));   // org.hyperledger.fabric.protos.common.Block
     * }</pre>
     *
     * @param number the block number, from 0
     * @return a serialized {@code org.hyperledger.fabric.protos.common.Block}
     * @throws IllegalArgumentException when {@code number < 0} or {@code number >= blockHeight()}
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException the peer was not reached
     */
    byte[] block(long number);

    /**
     * Releases what this connection created; never what the application passed in. A call made after
     * it fails at once with {@link IllegalStateException}, so nothing spends a retry budget on a closed
     * connection; a call it cuts off fails as with a lost peer, and trying it again meets that exception.
     */
    @Override
    void close();
}
