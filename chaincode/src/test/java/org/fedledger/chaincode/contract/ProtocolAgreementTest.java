package org.fedledger.chaincode.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.transaction.TransactionName;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.Test;

/** The contract exposes exactly the protocol's transactions, and builds keys exactly as the shim does. */
class ProtocolAgreementTest {
    private record Signature(TransactionName.Intent intent, List<String> arguments) {
    }

    @Test
    void the_contract_has_exactly_the_protocols_transactions_with_their_intents_and_argument_order() {
        Map<String, Signature> expected = new TreeMap<>();
        for (TransactionName tx : TransactionName.values()) {
            expected.put(tx.wireName(), new Signature(tx.intent(), tx.arguments()));
        }
        Map<String, Signature> actual = new TreeMap<>();
        for (Method m : FedLedgerContract.class.getDeclaredMethods()) {
            Transaction annotation = m.getAnnotation(Transaction.class);
            if (annotation != null) {
                List<String> args = Arrays.stream(m.getParameters()).skip(1).map(Parameter::getName).toList();
                actual.put(m.getName(), new Signature(TransactionName.Intent.valueOf(annotation.intent().name()),
                        args));
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(FedLedgerContract.class.getAnnotation(Contract.class).name()).isEqualTo(TransactionName.CONTRACT);
    }

    @Test
    void protocol_keys_are_the_shims_composite_keys() {
        assertThat(Keys.update("mnist", 3, "x509::CN=a, OU=client::CN=ca"))
                .isEqualTo(new CompositeKey(Keys.UPDATE, "mnist", "0000000003",
                        "x509::CN=a, OU=client::CN=ca").toString());
        assertThat(Keys.key(Keys.TASK)).isEqualTo(new CompositeKey(Keys.TASK).toString());
    }
}
