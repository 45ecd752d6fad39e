package org.fedledger.sdk.gateway;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Network;

/**
 * One peer Gateway a connection uses: the organisation's own, or another organisation's for reads
 * while the own one is down. Owns its gRPC channel and Gateway when it made them.
 */
final class GatewayPeer implements AutoCloseable {
    private final String name;
    private final Gateway gateway;
    private final ManagedChannel ownedChannel;
    private final boolean ownsGateway;
    private final Network network;
    private final Contract contract;
    private final Contract qscc;
    private volatile boolean closed;

    GatewayPeer(String name, Gateway gateway, ManagedChannel ownedChannel, boolean ownsGateway, String channel,
            String chaincode) {
        this.name = Objects.requireNonNull(name, "name");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.ownedChannel = ownedChannel;
        this.ownsGateway = ownsGateway;
        this.network = gateway.getNetwork(Objects.requireNonNull(channel, "channel"));
        this.contract = network.getContract(Objects.requireNonNull(chaincode, "chaincode"));
        this.qscc = network.getContract("qscc");
    }

    String name() {
        return name;
    }

    Network network() {
        return network;
    }

    Contract contract() {
        return contract;
    }

    Contract qscc() {
        return qscc;
    }

    /**
     * Before a call: a channel that failed to connect waits out gRPC's reconnect backoff (growing to two
     * minutes) before it tries again and fails calls at once meanwhile; a peer back from a restart is
     * used at once instead.
     */
    GatewayPeer reconnectNow() {
        if (closed) {
            // A shut-down channel never comes back: retrying it would only spend the caller's retry budget.
            throw new IllegalStateException("the connection to " + name + " is closed");
        }
        if (ownedChannel != null && ownedChannel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            ownedChannel.resetConnectBackoff();
        }
        return this;
    }

    @Override
    public void close() {
        closed = true;
        if (ownsGateway) {
            gateway.close();
        }
        if (ownedChannel != null) {
            ownedChannel.shutdownNow();
            try {
                ownedChannel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
