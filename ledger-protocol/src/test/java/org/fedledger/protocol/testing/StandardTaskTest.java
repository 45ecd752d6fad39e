package org.fedledger.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.fedledger.core.model.ModelCodec;
import org.junit.jupiter.api.Test;

/** The shared standard task: its JSON, the changes a test applies to it, and its models. */
class StandardTaskTest {
    @Test
    void its_json_has_sorted_keys_and_a_change_replaces_a_field_while_null_removes_one() {
        Map<String, Object> changes = new HashMap<>();
        changes.put("roundDurationSeconds", 2);
        changes.put("maxSamples", null);
        String json = StandardTask.json("t1", changes);
        assertThat(json).startsWith("{\"allowedOrgs\":[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"],\"attestationQuorum\":2,")
                .contains("\"roundDurationSeconds\":2").doesNotContain("maxSamples");
        assertThat(StandardTask.json("t1", Map.of())).contains("\"roundDurationSeconds\":600", "\"taskId\":\"t1\"");
    }

    @Test
    void models_of_different_seeds_differ_and_fit_the_schema() {
        assertThat(ModelCodec.hash(StandardTask.model(1f))).isNotEqualTo(ModelCodec.hash(StandardTask.model(2f)))
                .isEqualTo(ModelCodec.hash(StandardTask.model(1f)));
        assertThat(StandardTask.model(0f).tensors()).extracting(t -> t.name())
                .containsExactlyInAnyOrder("dense/kernel", "dense/bias");
    }
}
