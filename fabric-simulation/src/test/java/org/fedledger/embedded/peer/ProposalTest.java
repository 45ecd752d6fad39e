package org.fedledger.embedded.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Signature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fedledger.embedded.block.FabricFormat;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.embedded.identity.Organisation;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.junit.jupiter.api.Test;

/** A proposal is signed when its signed form is first asked for, by its creator, over exactly its bytes. */
class ProposalTest {
    private final Organisation org1 = Organisation.openOrCreate("Org1MSP", null);

    @Test
    void the_signed_proposal_is_the_creators_ecdsa_over_the_proposal_bytes_and_the_same_every_time() throws Exception {
        Identity alice = org1.client("alice");
        Proposal p = Proposal.create(alice, "fedledger", "getRound", List.of("t", "1"), Map.of(), Instant.ofEpochSecond(5));

        SignedProposal signed = p.signed();

        assertThat(p.signed()).as("signed once, then kept").isSameAs(signed);
        // Verified by the JDK's own provider, so not by a memory of signatures made here.
        Signature jdk = Signature.getInstance(Identity.SIGNATURE_ALGORITHM, "SunEC");
        jdk.initVerify(alice.certificate().getPublicKey());
        jdk.update(signed.getProposalBytes().toByteArray());
        assertThat(jdk.verify(signed.getSignature().toByteArray())).isTrue();
        Header header = Header.parseFrom(org.hyperledger.fabric.protos.peer.Proposal.parseFrom(signed.getProposalBytes())
                .getHeader());
        assertThat(header.getSignatureHeader()).as("the creator and nonce the tx id is derived from")
                .isEqualTo(FabricFormat.signatureHeader(alice.serialized(), p.nonce()).toByteString());
    }

    @Test
    void a_proposal_built_again_from_the_same_nonce_has_the_same_tx_id_hash_and_proposal_bytes() {
        Identity bob = org1.client("bob");
        byte[] nonce = new byte[24];
        Proposal a = Proposal.create(bob, "fedledger", "submitUpdate", List.of("t"), Map.of("k", new byte[] {1}),
                Instant.ofEpochSecond(9), nonce);
        Proposal b = Proposal.create(bob, "fedledger", "submitUpdate", List.of("t"), Map.of("k", new byte[] {1}),
                Instant.ofEpochSecond(9), nonce);

        assertThat(b.txId()).isEqualTo(a.txId());
        assertThat(b.proposalHash()).isEqualTo(a.proposalHash());
        assertThat(b.signed().getProposalBytes()).isEqualTo(a.signed().getProposalBytes());
    }
}
