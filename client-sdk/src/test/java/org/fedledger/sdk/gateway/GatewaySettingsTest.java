package org.fedledger.sdk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.junit.jupiter.api.Test;

/** What a connection profile says about failover peers and commit waits. */
class GatewaySettingsTest {

    @Test
    void without_failover_keys_there_is_no_other_peer_and_a_three_second_status_wait_and_send_in_a_thirty_second_timeout() {
        GatewaySettings s = GatewaySettings.from(ConnectionProfile.of(Map.of()));
        assertThat(s.failoverPeers()).isEmpty();
        assertThat(s.commitStatusWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.submitTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.commitTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void failover_peers_pair_with_their_tls_certificates_in_order() {
        GatewaySettings s = GatewaySettings.from(ConnectionProfile.of(Map.of(
                "failoverPeers", "127.0.0.1:7161, 127.0.0.1:7171",
                "failoverTlsCaCertificates", "/org2/ca.crt,/org3/ca.crt",
                "commitStatusWaitMillis", "1500", "commitTimeoutSeconds", "45", "submitTimeoutMillis", "10000")));
        assertThat(s.failoverPeers()).containsExactly(
                new GatewaySettings.FailoverPeer("127.0.0.1:7161", Path.of("/org2/ca.crt")),
                new GatewaySettings.FailoverPeer("127.0.0.1:7171", Path.of("/org3/ca.crt")));
        assertThat(s.commitStatusWait()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.commitTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.submitTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void a_peer_without_its_certificate_is_refused() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> GatewaySettings.from(ConnectionProfile.of(Map.of("failoverPeers", "127.0.0.1:7161,127.0.0.1:7171",
                        "failoverTlsCaCertificates", "/org2/ca.crt"))));
        assertThat(e).hasMessageContaining("2 peers").hasMessageContaining("1 certificates");
    }

    @Test
    void a_zero_status_wait_is_refused() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> GatewaySettings.from(ConnectionProfile.of(Map.of("commitStatusWaitMillis", "0"))));
        assertThat(e).hasMessageContaining("commitStatusWaitMillis");
    }
}
