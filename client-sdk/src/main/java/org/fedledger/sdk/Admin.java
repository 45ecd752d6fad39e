package org.fedledger.sdk;

import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.Role;

/**
 * An organisation admin's work: registering members of its own organisation with their roles.
 *
 * <pre>{@code
 * ledger.admin().register(trainerCertificatePem, Role.TRAINER);
 * }</pre>
 */
public interface Admin {
    /**
     * Registers the holder of {@code certificatePem} (issued by this admin's CA) with {@code roles}.
     *
     * @throws org.fedledger.sdk.errors.ContractRefusedException FORBIDDEN (not an admin, or another
     *     organisation's certificate), ALREADY_EXISTS, INVALID_ARGUMENT
     */
    Receipt<ParticipantRecord> register(String certificatePem, Role... roles);
}
