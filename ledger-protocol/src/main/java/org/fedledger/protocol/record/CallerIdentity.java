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
 * @param admin whether its certificate has {@code OU=admin}
 * @param registered whether it is a registered participant
 * @param roles its roles, sorted; empty when not registered
 */
public record CallerIdentity(String id, String msp, boolean admin, boolean registered, List<String> roles) {
    /**
     * Copies the roles.
     *
     * @param id the identity id, {@code x509::<subject>::<issuer>}
     * @param msp the creator's organisation
     * @param admin whether its certificate has {@code OU=admin}
     * @param registered whether it is a registered participant
     * @param roles its roles, sorted; empty when not registered
     */
    public CallerIdentity {
        roles = Records.copy(roles);
    }
}
