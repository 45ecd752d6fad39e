package org.fedledger.trainer.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.data.Datasets;
import org.fedledger.trainer.data.TrainTestSplit;
import org.fedledger.trainer.model.Evaluation;
import org.fedledger.trainer.model.LocalModel;
import org.fedledger.trainer.model.LocalModels;
import org.fedledger.trainer.model.TrainingConfig;
import org.junit.jupiter.api.Test;

class CentralisedReferenceTest {
    private final TrainTestSplit split = TrainTestSplit.stratified(Datasets.breastCancer(), 0.2, 2).standardized();

    @Test
    void pooling_sites_trains_exactly_like_the_concatenated_data() {
        List<Dataset> halves = List.of(split.train().subset(range(0, 200)),
                split.train().subset(range(200, split.train().size())));
        LocalModel pooled = LocalModels.logisticRegression(30, 2, TrainingConfig.builder().seed(1).build());
        LocalModel direct = LocalModels.logisticRegression(30, 2, TrainingConfig.builder().seed(1).build());
        List<Evaluation> curve = CentralisedReference.train(pooled, halves, split.test(), 3);
        direct.train(split.train(), 1);
        direct.train(split.train(), 1);
        direct.train(split.train(), 1);
        assertThat(curve).hasSize(3);
        assertThat(pooled.weights()).isEqualTo(direct.weights());
        assertThat(curve.get(2)).isEqualTo(direct.evaluate(split.test()));
    }

    @Test
    void refuses_zero_epochs_and_no_sites() {
        LocalModel model = LocalModels.logisticRegression(30, 2, TrainingConfig.builder().build());
        assertThatThrownBy(() -> CentralisedReference.train(model, List.of(split.train()), split.test(), 0))
                .hasMessageContaining("epochs 0");
        assertThatThrownBy(() -> CentralisedReference.train(model, List.of(), split.test(), 1))
                .hasMessageContaining("nothing to concatenate");
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
