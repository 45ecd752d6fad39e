package org.fedledger.sdk;

import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.Role;

/**
 * An organisation admin's work: approving the role requests of members of its own organisation,
 * changing their roles and revoking them. A member first asks for its roles with its own identity
 * ({@link Membership#requestRoles(Role...)}); the admin approves what it asked for.
 *
 * <pre>{@code
 * trainer.membership().requestRoles(Role.TRAINER);              // signed by the trainer
 * admin.admin().register(trainerCertificatePem, Role.TRAINER);  // signed by its organisation's admin
 * }</pre>
 */
public interface Admin {
    /**
     * Approves the pending role request of the holder of {@code certificatePem} (a member of this
     * admin's organisation, whose own identity requested), granting {@code roles}.
     *
     * <pre>{@code
     * Receipt<ParticipantRecord> r = ledger.admin().register(pem, Role.TRAINER, Role.VERIFIER);
     * }</pre>
     *
     * @param certificatePem the certificate that signed the request
     * @param roles the roles granted, each one the member requested; at least one
     * @return the participant record and where it was committed
     * @throws IllegalArgumentException when {@code roles} is empty
     * @throws org.fedledger.sdk.errors.ContractRefusedException NOT_REQUESTED (no pending request, or a
     *     role it did not ask for), FORBIDDEN (not an admin, another organisation's certificate, or not
     *     the certificate that requested), ALREADY_EXISTS, REVOKED, INVALID_ARGUMENT
     */
    Receipt<ParticipantRecord> register(String certificatePem, Role... roles);

    /**
     * Sets the roles of a member of this admin's organisation: any held role may be dropped; a role it
     * does not hold must be one it requested.
     *
     * <pre>{@code
     * ledger.admin().changeRoles(member.id(), Role.VERIFIER);
     * }</pre>
     *
     * @param id the member's identity id
     * @param roles the roles it holds from now on; at least one
     * @return the participant record and where it was committed
     * @throws IllegalArgumentException when {@code roles} is empty
     * @throws org.fedledger.sdk.errors.ContractRefusedException NOT_FOUND (no such member in this
     *     organisation), NOT_REQUESTED, REVOKED, FORBIDDEN (not an admin), INVALID_ARGUMENT
     */
    Receipt<ParticipantRecord> changeRoles(String id, Role... roles);

    /**
     * Revokes a member of this admin's organisation for good; revoking again changes nothing.
     *
     * <pre>{@code
     * ledger.admin().revoke(member.id());
     * }</pre>
     *
     * @param id the member's identity id
     * @return the revoked participant record and where it was committed
     * @throws org.fedledger.sdk.errors.ContractRefusedException NOT_FOUND (no such member in this
     *     organisation), FORBIDDEN (not an admin), INVALID_ARGUMENT
     */
    Receipt<ParticipantRecord> revoke(String id);
}
