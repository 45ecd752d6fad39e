package org.fedledger.protocol.record;

import java.util.List;
import org.fedledger.core.model.ContentHash;

/**
 * A member's pending request for roles, under {@link org.fedledger.protocol.key.Keys#roleRequest(String, String)}.
 * Written by the member's own transaction ({@code requestRoles}), so Fabric's MSP has already checked
 * that a certificate of that organisation signed it; the admin's approval must name the same
 * certificate (its hash), and removes the request.
 *
 * <pre>{@code
 * {"certificateHash":"9f2c...","id":"x509::CN=alice,...","msp":"Org1MSP","roles":["trainer"],
 *  "timestamp":1700000000,"txId":"tx1"}
 * }</pre>
 *
 * @param id the requesting identity's id
 * @param msp its organisation, as its signed transaction names it
 * @param roles the roles it asks for, sorted and distinct
 * @param certificateHash SHA-256 (lowercase hex) of the DER encoding of the certificate that signed the request
 * @param txId the requesting transaction
 * @param timestamp its timestamp, seconds since the epoch
 */
@RecordJson.Schema(1)
public record RoleRequest(String id, String msp, List<String> roles, ContentHash certificateHash, String txId,
        long timestamp) {
    /**
     * Copies the role list.
     *
     * @param id the requesting identity's id
     * @param msp its organisation
     * @param roles the roles it asks for, sorted and distinct
     * @param certificateHash SHA-256 of the signing certificate's DER encoding
     * @param txId the requesting transaction
     * @param timestamp its timestamp
     */
    public RoleRequest {
        roles = Records.copy(roles);
    }
}
