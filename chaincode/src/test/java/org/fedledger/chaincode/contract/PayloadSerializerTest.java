package org.fedledger.chaincode.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.hyperledger.fabric.contract.annotation.Serializer;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.contract.metadata.TypeSchema;
import org.hyperledger.fabric.contract.routing.impl.SerializerRegistryImpl;
import org.junit.jupiter.api.Test;

class PayloadSerializerTest {
    @Test
    void payload_bytes_are_returned_raw_and_strings_as_utf8() {
        PayloadSerializer s = new PayloadSerializer();
        byte[] payload = {0, 1, (byte) 0xff};
        assertThat(s.toBuffer(payload, TypeSchema.typeConvert(byte[].class))).isEqualTo(payload);
        assertThat(s.toBuffer("{\"a\":1}", TypeSchema.typeConvert(String.class)))
                .isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_shims_registry_finds_the_serializer_the_contract_names() throws Exception {
        SerializerRegistryImpl registry = new SerializerRegistryImpl();
        registry.findAndSetContents();
        assertThat(registry.getSerializer(PayloadSerializer.NAME, Serializer.TARGET.TRANSACTION))
                .isInstanceOf(PayloadSerializer.class);
        assertThat(PayloadSerializer.NAME).isEqualTo(PayloadSerializer.class.getCanonicalName());
    }

    @Test
    void every_transaction_declares_its_intent() {
        long declared = Arrays.stream(FedLedgerContract.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Transaction.class))
                .peek(m -> assertThat(m.getAnnotation(Transaction.class).intent())
                        .isIn(Transaction.TYPE.SUBMIT, Transaction.TYPE.EVALUATE))
                .map(Method::getName).distinct().count();
        assertThat(declared).isEqualTo(19);
    }
}
