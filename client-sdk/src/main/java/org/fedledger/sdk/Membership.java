package org.fedledger.sdk;

import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoleRequest;

/**
 * What any identity does for itself: asking its organisation's admin for roles. The request is this
 * identity's own signed transaction, which is how the ledger knows the certificate is a real member of
 * its organisation; the admin then approves it ({@link Admin#register(String, Role...)}).
 *
 * <pre>{@code
 * ledger.membership().requestRoles(Role.TRAINER, Role.VERIFIER);
 * }</pre>
 */
public interface Membership {
    /**
     * Asks for {@code roles}; a second request replaces the first, the same one again changes nothing.
     *
     * <pre>{@code
     * Receipt<RoleRequest> r = ledger.membership().requestRoles(Role.TRAINER);
     * }</pre>
     *
     * @param roles the roles asked for; at least one
     * @return the pending request and where it was committed
     * @throws IllegalArgumentException when {@code roles} is empty
     * @throws org.fedledger.sdk.errors.ContractRefusedException REVOKED, INVALID_ARGUMENT
     */
    Receipt<RoleRequest> requestRoles(Role... roles);
}
