package org.fedledger.protocol.record;

import java.util.List;

/**
 * A registered identity and its roles, under {@link org.fedledger.protocol.key.Keys#participant(String, String)}.
 * The record is rewritten by every role change and by the revocation, so the key's history is the
 * member's whole life: approved, changed, revoked.
 *
 * <pre>{@code
 * {"id":"x509::CN=alice,...::CN=ca...","msp":"Org1MSP","registeredBy":"x509::CN=admin1,...",
 *  "roles":["trainer"],"timestamp":1700000000,"txId":"tx1"}
 * }</pre>
 *
 * @param id the identity id, as the shim's {@code ClientIdentity.getId()} gives it
 * @param msp the organisation (MSP id) of the member and of the approving admin
 * @param roles role names, sorted and distinct (those held when revoked, for a revoked member)
 * @param registeredBy id of the admin who approved the member's request
 * @param changedBy id of the admin of the last role change or of the revocation; absent before either
 * @param revoked whether the member is revoked; absent (not revoked) for an active member
 * @param txId the transaction that wrote this version of the record
 * @param timestamp that transaction's timestamp, seconds since the epoch
 */
@RecordJson.Schema(1)
public record ParticipantRecord(String id, String msp, List<String> roles, String registeredBy,
        @RecordJson.Nullable String changedBy, @RecordJson.Nullable Boolean revoked, String txId, long timestamp) {
    /**
     * Copies the role list; a {@code false} revocation flag is stored as absent.
     *
     * @param id the identity id, as the shim's {@code ClientIdentity.getId()} gives it
     * @param msp the organisation (MSP id) of the member and of the approving admin
     * @param roles role names, sorted and distinct
     * @param registeredBy id of the admin who approved the member's request
     * @param changedBy id of the admin of the last role change or of the revocation, or null
     * @param revoked true when revoked, otherwise null
     * @param txId the transaction that wrote this version of the record
     * @param timestamp that transaction's timestamp, seconds since the epoch
     */
    public ParticipantRecord {
        roles = Records.copy(roles);
        if (Boolean.FALSE.equals(revoked)) {
            revoked = null;
        }
    }

    /**
     * A newly approved member.
     *
     * <pre>{@code
     * ParticipantRecord p = ParticipantRecord.approved(id, "Org1MSP", List.of("trainer"), adminId, txId, ts);
     * }</pre>
     *
     * @param id the identity id
     * @param msp the organisation
     * @param roles role names, sorted and distinct
     * @param registeredBy the approving admin's id
     * @param txId the approving transaction
     * @param timestamp its timestamp
     * @return the record, neither changed nor revoked
     */
    public static ParticipantRecord approved(String id, String msp, List<String> roles, String registeredBy,
            String txId, long timestamp) {
        return new ParticipantRecord(id, msp, roles, registeredBy, null, null, txId, timestamp);
    }

    /** @return whether the member's organisation has revoked it */
    public boolean isRevoked() {
        return Boolean.TRUE.equals(revoked);
    }
}
