package org.fedledger.chaincode.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void every_transaction_writes_its_intent_out_rather_than_relying_on_the_default() throws IOException {
        // The annotation's default is SUBMIT, which reflection cannot tell from a written SUBMIT.
        String source = Files.readString(Path.of("src/main/java/org/fedledger/chaincode/contract/FedLedgerContract.java"),
                StandardCharsets.UTF_8);
        Matcher annotations = Pattern.compile("@Transaction\\b(\\([^)]*\\))?").matcher(source);
        int count = 0;
        while (annotations.find()) {
            count++;
            assertThat(annotations.group()).as("annotation %d", count).contains("intent = Transaction.TYPE.");
        }
        long annotated = Arrays.stream(FedLedgerContract.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Transaction.class)).count();
        assertThat(count).isEqualTo(annotated).isPositive();
    }
}
