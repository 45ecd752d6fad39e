package org.fedledger.protocol.record;

import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

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

    /**
     * How a person reads an identity id: its subject's common name and, in parentheses, its organisation.
     *
     * <pre>{@code
     * CallerIdentity.shortName("x509::CN=User1,OU=client,O=Org1MSP::CN=ca.org1")  // "User1 (Org1MSP)"
     * }</pre>
     *
     * @param id an identity id ({@code x509::SUBJECT::ISSUER})
     * @return the subject's common name and, in parentheses, its organisation ({@code User1 (Org1MSP)});
     *     the id itself when its subject has no common name or does not parse
     */
    public static String shortName(String id) {
        String subject = id.startsWith("x509::") ? id.substring("x509::".length()) : id;
        int issuer = subject.indexOf("::");
        if (issuer >= 0) {
            subject = subject.substring(0, issuer);
        }
        String cn = null;
        String o = null;
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    o = String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            return id;
        }
        if (cn == null) {
            return id;
        }
        return o == null ? cn : cn + " (" + o + ")";
    }
}
