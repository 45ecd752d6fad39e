package org.fedledger.sdk.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.fedledger.sdk.ledger.ValidationCode;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

class ValidationCodeTest {
    @Test
    void theSdksCodesAreFabricsByName() {
        assertThat(Arrays.stream(ValidationCode.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(TxValidationCode.values()).map(Enum::name).toList());
        for (TxValidationCode fabric : TxValidationCode.values()) {
            assertThat(ValidationCode.named(fabric.name()).name()).isEqualTo(fabric.name());
        }
    }

    @Test
    void aNameFromANewerFabricIsUnrecognized() {
        assertThat(ValidationCode.named("SOME_FUTURE_CODE")).isEqualTo(ValidationCode.UNRECOGNIZED);
    }

    @Test
    void onlyReadConflictsAreWorthEndorsingAgain() {
        assertThat(Arrays.stream(ValidationCode.values()).filter(ValidationCode::readConflict))
                .containsExactly(ValidationCode.MVCC_READ_CONFLICT, ValidationCode.PHANTOM_READ_CONFLICT);
    }
}
