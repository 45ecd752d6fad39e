package org.fedledger.protocol.record;

import java.util.List;

/**
 * What {@code whoAmI} answers: the creator as the chaincode sees it.
 *
 * <pre>{@code
 * CallerIdentity me = RecordJson.read(contract.evaluateTransaction("whoAmI"), CallerIdentity.class);
 * }</pre>
 *
 * @param id the identity id, {@code x509::<subject>::<issuer>}
 * @param msp the creator's organisation
 * @param admin whether its certificate's one NodeOU role is {@code admin}
 * @param registered whether it is a registered participant (also when since revoked)
 * @param revoked whether its organisation's admin has revoked it
 * @param roles its roles, sorted; empty when not registered or revoked
 */
public record CallerIdentity(String id, String msp, boolean admin, boolean registered, boolean revoked,
        List<String> roles) {
    /**
     * Copies the roles.
     *
     * @param id the identity id, {@code x509::<subject>::<issuer>}
     * @param msp the creator's organisation
     * @param admin whether its certificate's one NodeOU role is {@code admin}
     * @param registered whether it is a registered participant (also when since revoked)
     * @param revoked whether its organisation's admin has revoked it
     * @param roles its roles, sorted; empty when not registered or revoked
     */
    public CallerIdentity {
        roles = Records.copy(roles);
    }
}
