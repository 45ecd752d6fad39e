package org.fedledger.protocol.record;

import java.util.List;

/**
 * A registered identity and its roles, under {@link org.fedledger.protocol.key.Keys#participant(String, String)}.
 *
 * <pre>{@code
 * {"id":"x509::CN=alice,...::CN=ca...","msp":"Org1MSP","registeredBy":"x509::CN=admin1,...",
 *  "roles":["trainer"],"timestamp":1700000000,"txId":"tx1"}
 * }</pre>
 *
 * @param id the identity id, as the shim's {@code ClientIdentity.getId()} gives it
 * @param msp the organisation (MSP id) of the registering admin
 * @param roles role names, sorted and distinct
 * @param registeredBy id of the admin who registered it
 * @param txId registering transaction
 * @param timestamp registering transaction's timestamp, seconds since the epoch
 */
public record ParticipantRecord(String id, String msp, List<String> roles, String registeredBy, String txId,
        long timestamp) {
    /**
     * Copies the role list.
     *
     * @param id the identity id, as the shim's {@code ClientIdentity.getId()} gives it
     * @param msp the organisation (MSP id) of the registering admin
     * @param roles role names, sorted and distinct
     * @param registeredBy id of the admin who registered it
     * @param txId registering transaction
     * @param timestamp registering transaction's timestamp, seconds since the epoch
     */
    public ParticipantRecord {
        roles = Records.copy(roles);
    }
}
