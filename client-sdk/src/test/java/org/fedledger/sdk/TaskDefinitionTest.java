package org.fedledger.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.transaction.TaskDefinitionArgument;
import org.junit.jupiter.api.Test;

class TaskDefinitionTest {
    private static final Model INITIAL = Model.of(List.of(Tensor.of("dense/kernel", new int[] {3, 2}, new float[6]),
            Tensor.of("dense/bias", new int[] {2}, new float[2])));

    @Test
    void isWrittenAsTheProtocolsCreateTaskArgumentInTheJsonCoordinatorsHaveAlwaysSent() {
        TaskDefinition task = TaskDefinition.builder("breast-cancer", INITIAL)
                .rule(RuleSpec.of(RuleName.TRIMMED_MEAN, Map.of(RuleSpec.BETA, "0.1"))).updates(2, 9)
                .attestationQuorum(2).roundDuration(Duration.ofMinutes(10)).maxSamples(5000).maxOrgSharePercent(60)
                .maxPayloadBytes(1 << 20).allowedOrgs("Org3MSP", "Org1MSP", "Org2MSP").build();

        String json = "{\"allowedOrgs\":[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"],\"attestationQuorum\":2,"
                + "\"maxOrgSharePercent\":60,\"maxPayloadBytes\":1048576,\"maxSamples\":5000,\"maxUpdates\":9,"
                + "\"minUpdates\":2,\"roundDurationSeconds\":600,"
                + "\"rule\":{\"name\":\"trimmed_mean\",\"params\":{\"beta\":\"0.1\"}},"
                + "\"schema\":[{\"name\":\"dense/bias\",\"shape\":[2]},{\"name\":\"dense/kernel\",\"shape\":[3,2]}],"
                + "\"taskId\":\"breast-cancer\"}";
        assertThat(task.toJson()).isEqualTo(json);
        assertThat(RecordJson.read(json, TaskDefinitionArgument.class)).isEqualTo(task.argument());
        assertThat(task.argument().rule().spec()).isEqualTo(RuleSpec.of(RuleName.TRIMMED_MEAN, Map.of("beta", "0.1")));
    }
}
