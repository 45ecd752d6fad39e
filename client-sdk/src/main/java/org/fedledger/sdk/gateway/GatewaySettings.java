package org.fedledger.sdk.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fedledger.sdk.ledger.ConnectionProfile;

/**
 * What a connection profile says about failover and commits, with the defaults:
 * <ul>
 * <li>{@code failoverPeers}: other organisations' peer Gateways ({@code host:port}, comma-separated), tried in
 *     order for reads while the own peer is unreachable; {@code failoverTlsCaCertificates}: their TLS CA
 *     certificates, in the same order. None by default.
 * <li>{@code commitStatusWaitMillis} (3000): how long a submit waits for its commit status before it sends the
 *     same signed transaction again.
 * <li>{@code submitTimeoutMillis} (3000): how long one send to the orderers (through the Gateway) may take before it
 *     is given up and sent again; while a Raft leader that just died is still taken for the leader, a send can
 *     hang for seconds. Raise it for payloads that take longer to transfer.
 * <li>{@code commitTimeoutSeconds} (30): how long a submit tries to learn its commit status in all.
 * <li>{@code eventResumeSeconds} (60): how long an event stream keeps opening again while its peer is down.
 * </ul>
 *
 * @param failoverPeers the other organisations' peers, in order
 * @param commitStatusWait the wait for a commit status before a resend
 * @param commitTimeout the time to learn a commit status in all
 * @param submitTimeout the time one send to the orderers may take
 * @param resendBackoff the wait before trying again after a peer or the orderers did not answer
 * @param failoverRecheck how long reads skip an own peer that just failed
 * @param eventResumeBudget how long an event stream keeps opening again
 */
record GatewaySettings(List<FailoverPeer> failoverPeers, Duration commitStatusWait, Duration commitTimeout,
        Duration submitTimeout, Duration resendBackoff, Duration failoverRecheck, Duration eventResumeBudget) {

    /**
     * Another organisation's peer Gateway.
     *
     * @param endpoint its host:port
     * @param tlsCaCertificate the TLS CA certificate that signed its server certificate
     */
    record FailoverPeer(String endpoint, Path tlsCaCertificate) {
        FailoverPeer {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(tlsCaCertificate, "tlsCaCertificate");
        }
    }

    GatewaySettings {
        failoverPeers = List.copyOf(failoverPeers);
    }

    /** @return the defaults: no failover peer, 3 s status wait, 30 s commit timeout, 3 s per send */
    static GatewaySettings defaults() {
        return new GatewaySettings(List.of(), Duration.ofMillis(3000), Duration.ofSeconds(30), Duration.ofMillis(3000),
                Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    /**
     * @throws IllegalArgumentException when a value is malformed, or the two failover lists differ in length
     */
    static GatewaySettings from(ConnectionProfile profile) {
        GatewaySettings d = defaults();
        List<String> endpoints = list(profile, "failoverPeers");
        List<String> cas = list(profile, "failoverTlsCaCertificates");
        if (endpoints.size() != cas.size()) {
            throw new IllegalArgumentException("connection profile: failoverPeers names " + endpoints.size()
                    + " peers but failoverTlsCaCertificates " + cas.size() + " certificates; name one per peer, in order");
        }
        List<FailoverPeer> peers = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            peers.add(new FailoverPeer(endpoints.get(i), Path.of(cas.get(i))));
        }
        return new GatewaySettings(peers,
                Duration.ofMillis(positive(profile, "commitStatusWaitMillis", d.commitStatusWait().toMillis())),
                Duration.ofSeconds(positive(profile, "commitTimeoutSeconds", d.commitTimeout().toSeconds())),
                Duration.ofMillis(positive(profile, "submitTimeoutMillis", d.submitTimeout().toMillis())),
                d.resendBackoff(), d.failoverRecheck(),
                Duration.ofSeconds(positive(profile, "eventResumeSeconds", d.eventResumeBudget().toSeconds())));
    }

    private static List<String> list(ConnectionProfile profile, String key) {
        return profile.get(key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private static long positive(ConnectionProfile profile, String key, long otherwise) {
        String value = profile.get(key).orElse(null);
        if (value == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 1) {
                throw new IllegalArgumentException("connection profile: " + key + " must be at least 1, was " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("connection profile: " + key + " must be a whole number, was '" + value
                    + "'", e);
        }
    }
}
