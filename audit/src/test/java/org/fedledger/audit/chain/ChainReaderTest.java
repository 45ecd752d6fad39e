package org.fedledger.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.fedledger.audit.report.FindingCode;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.Role;
import org.fedledger.sdk.FedLedger;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The chain reader on the embedded ledger's Fabric blocks, and on blocks altered on their way. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainReaderTest {
    private final EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
    private FedLedger admin;
    private FedLedger user;
    private String registerTx;

    @BeforeAll
    void registerOneParticipant() {
        admin = FedLedger.over(ledger.connect(ledger.organisation("Org1MSP").admin()));
        user = FedLedger.over(ledger.connect(ledger.organisation("Org1MSP").client("User1")));
        user.membership().requestRoles(Role.TRAINER);
        registerTx = admin.admin().register(ledger.organisation("Org1MSP").client("User1").certificatePem(),
                Role.TRAINER).transactionId();
    }

    @AfterAll
    void close() {
        ledger.close();
    }

    private BlockSource source() {
        return BlockSource.of(() -> user.auditor().blockHeight(), n -> user.auditor().block(n));
    }

    @Test
    void reads_the_configuration_and_proves_who_wrote_what_with_which_endorsements() {
        ChainEvidence chain = new ChainReader("fedledger").read(source());

        assertThat(chain.findings()).isEmpty();
        assertThat(chain.height()).isEqualTo(ledger.height());
        ChannelConfig config = chain.config().orElseThrow();
        assertThat(config.organisations()).containsExactlyInAnyOrder("Org1MSP", "Org2MSP", "Org3MSP");
        assertThat(config.endorsementRule()).contains(ImplicitMetaPolicy.Rule.MAJORITY);
        assertThat(config.endorsementPolicy()).isEqualTo("MAJORITY");
        assertThat(config.configBlock()).isZero();

        TransactionEvidence tx = chain.transaction(registerTx).orElseThrow();
        assertThat(tx.valid()).isTrue();
        assertThat(tx.function()).isEqualTo("registerParticipant");
        assertThat(tx.creatorMsp()).isEqualTo("Org1MSP");
        assertThat(tx.creatorId()).contains(admin.whoAmI().id());
        assertThat(tx.creatorProblem()).isEmpty();
        assertThat(tx.endorsementProblems()).isEmpty();
        assertThat(tx.endorsingOrganisations()).hasSize(2).contains("Org1MSP");
        assertThat(tx.policySatisfied()).isTrue();
        String key = Keys.participant("Org1MSP", user.whoAmI().id());
        assertThat(new String(tx.writes().get(key), StandardCharsets.UTF_8)).contains("\"roles\":[\"trainer\"]");
    }

    @Test
    void an_altered_block_breaks_its_data_hash_and_a_replaced_one_breaks_the_chain() {
        long last = ledger.height() - 1;
        BlockSource altered = new BlockSource() {
            @Override
            public long height() {
                return ledger.height();
            }

            @Override
            public byte[] block(long n) {
                byte[] bytes = user.auditor().block(n);
                if (n != last) {
                    return bytes;
                }
                try {
                    Block b = Block.parseFrom(bytes);
                    // a different previous hash: as if block n-1 had been replaced
                    return b.toBuilder().setHeader(b.getHeader().toBuilder()
                            .setPreviousHash(com.google.protobuf.ByteString.copyFrom(new byte[32]))).build().toByteArray();
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        };
        assertThat(new ChainReader("fedledger").read(altered).findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.CHAIN_BROKEN);
            assertThat(f.subject()).isEqualTo("block " + last);
        });

        BlockSource dataChanged = BlockSource.of(ledger::height, n -> {
            byte[] bytes = user.auditor().block(n);
            if (n != last) {
                return bytes;
            }
            try {
                Block b = Block.parseFrom(bytes);
                byte[] env = b.getData().getData(0).toByteArray();
                env[env.length / 2] ^= 0x01;
                return b.toBuilder().setData(b.getData().toBuilder().setData(0, com.google.protobuf.ByteString.copyFrom(env)))
                        .build().toByteArray();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(new ChainReader("fedledger").read(dataChanged).findings()).extracting(f -> f.code())
                .contains(FindingCode.CHAIN_BROKEN);
    }
}
