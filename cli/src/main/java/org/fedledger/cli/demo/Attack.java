package org.fedledger.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.random.SeededRandom;

/**
 * What a hostile hospital sends instead of its honest update (issue 24, item 6): the attack suite
 * the demo and the attack benchmark run with {@code --attackers N --attack NAME}. Each attack is a
 * trainer behaviour, written as the hostile member's move: from the round's verified global model
 * {@code g} and, where it trains, its honest update {@code h} on its own data, it submits
 * {@code (weights, declared samples)}. Every attack is deterministic: noise comes from a seed fixed by
 * the site and the round.
 *
 * <pre>{@code
 * LocalTraining.Result sent = Attack.SIGN_FLIP.update(new AttackSite(local, global, data, 1, seed));
 * }</pre>
 */
public enum Attack {
    /** Sends the honest step reversed: {@code g - (h - g)}, pushing the model away from its own data's optimum. */
    SIGN_FLIP {
        @Override
        public LocalTraining.Result update(AttackSite site) {
            LocalTraining.Result honest = site.honest();
            return new LocalTraining.Result(combine(site.global(), honest.update(), (g, h) -> g - (h - g)),
                    honest.samples());
        }
    },
    /**
     * Model replacement: the honest step scaled by {@value #BOOST}, {@code g + 10 (h - g)}, so that
     * after averaging with the others it dominates the output.
     */
    BOOSTED_REPLACEMENT {
        @Override
        public LocalTraining.Result update(AttackSite site) {
            LocalTraining.Result honest = site.honest();
            return new LocalTraining.Result(combine(site.global(), honest.update(), (g, h) -> g + BOOST * (h - g)),
                    honest.samples());
        }
    },
    /**
     * "A little is enough" (Baruch et al. 2019): per coordinate {@code mu - z sigma}, where {@code mu}
     * and {@code sigma} are the mean and standard deviation of honest updates and {@code z} =
     * {@value #LITTLE_Z}: small enough to pass as honest, consistent enough to steer the model. An
     * attacker without the others' updates estimates {@code mu} and {@code sigma} from honest updates
     * on {@value #LITTLE_FOLDS} disjoint folds of its own data, each trained from {@code g}.
     */
    LITTLE_IS_ENOUGH {
        @Override
        public LocalTraining.Result update(AttackSite site) {
            Dataset data = site.data();
            List<float[][]> folds = new ArrayList<>();
            for (int f = 0; f < LITTLE_FOLDS; f++) {
                int from = (int) ((long) data.size() * f / LITTLE_FOLDS);
                int to = (int) ((long) data.size() * (f + 1) / LITTLE_FOLDS);
                int[] rows = new int[Math.max(1, to - from)];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = Math.min(from + i, data.size() - 1);
                }
                folds.add(coordinates(site.trained(data.subset(rows)).update()));
            }
            float[][] g = coordinates(site.global());
            float[][] out = new float[g.length][];
            for (int t = 0; t < g.length; t++) {
                out[t] = new float[g[t].length];
                for (int j = 0; j < g[t].length; j++) {
                    double mean = 0;
                    for (float[][] fold : folds) {
                        mean += fold[t][j];
                    }
                    mean /= folds.size();
                    double variance = 0;
                    for (float[][] fold : folds) {
                        double d = fold[t][j] - mean;
                        variance += d * d;
                    }
                    double sigma = StrictMath.sqrt(variance / folds.size());
                    out[t][j] = (float) (mean - LITTLE_Z * sigma);
                }
            }
            return new LocalTraining.Result(model(site.global(), out), data.size());
        }
    },
    /** Sends noise: {@code g + N(0, 1)} per coordinate, without training. */
    GAUSSIAN_NOISE {
        @Override
        public LocalTraining.Result update(AttackSite site) {
            SeededRandom random = new SeededRandom(site.seed());
            return new LocalTraining.Result(combine(site.global(), site.global(),
                    (g, unused) -> g + NOISE_STD * random.nextGaussian()), site.data().size());
        }
    },
    /** Trains honestly on its data with every label {@code y} of {@code C} classes replaced by {@code C - 1 - y}. */
    LABEL_FLIP {
        @Override
        public LocalTraining.Result update(AttackSite site) {
            return site.trained(flipLabels(site.data()));
        }
    },
    /** Sends the global model back untrained, declaring its samples, to be paid for work it never did. */
    FREE_RIDER {
        @Override
        public LocalTraining.Result update(AttackSite site) {
            return new LocalTraining.Result(site.global(), site.data().size());
        }
    },
    /** Trains honestly but declares {@value #INFLATION} times the samples it used, to weigh more in FedAvg. */
    SAMPLE_INFLATION {
        @Override
        public LocalTraining.Result update(AttackSite site) {
            LocalTraining.Result honest = site.honest();
            return new LocalTraining.Result(honest.update(), honest.samples() * INFLATION);
        }
    };

    /** Boost of {@link #BOOSTED_REPLACEMENT}. */
    public static final double BOOST = 10.0;
    /** {@code z} of {@link #LITTLE_IS_ENOUGH}. */
    public static final double LITTLE_Z = 1.0;
    /** Folds {@link #LITTLE_IS_ENOUGH} estimates the honest spread from. */
    public static final int LITTLE_FOLDS = 3;
    /** Standard deviation of {@link #GAUSSIAN_NOISE}. */
    public static final double NOISE_STD = 1.0;
    /** Factor {@link #SAMPLE_INFLATION} multiplies its declared sample count by. */
    public static final long INFLATION = 10;

    /**
     * The hostile hospital's move this round.
     *
     * @param site its model, the round's global model, its data and the round's seed
     * @return the weights and sample count it submits
     */
    public abstract LocalTraining.Result update(AttackSite site);

    /** @return the attack's command-line name, such as {@code sign-flip} */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param name a command-line name ({@code sign-flip}) or constant name ({@code SIGN_FLIP})
     * @return the attack
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Attack fromName(String name) {
        for (Attack a : values()) {
            if (a.optionName().equals(name) || a.name().equals(name)) {
                return a;
            }
        }
        List<String> known = new ArrayList<>();
        for (Attack a : values()) {
            known.add(a.optionName());
        }
        throw new IllegalArgumentException("unknown attack '" + name + "'; known: " + String.join(", ", known));
    }

    /** @return per coordinate {@code (float) f(g, x)} over two models of one schema, in double */
    static Model combine(Model global, Model x, DoubleBinaryOperator f) {
        float[][] g = coordinates(global);
        float[][] v = coordinates(x);
        for (int t = 0; t < g.length; t++) {
            for (int j = 0; j < g[t].length; j++) {
                g[t][j] = (float) f.applyAsDouble(g[t][j], v[t][j]);
            }
        }
        return model(global, g);
    }

    private static float[][] coordinates(Model m) {
        List<Tensor> tensors = m.tensors();
        float[][] out = new float[tensors.size()][];
        for (int t = 0; t < out.length; t++) {
            out[t] = tensors.get(t).values();
        }
        return out;
    }

    private static Model model(Model schema, float[][] values) {
        List<Tensor> tensors = schema.tensors();
        List<Tensor> out = new ArrayList<>(tensors.size());
        for (int t = 0; t < values.length; t++) {
            out.add(Tensor.of(tensors.get(t).spec(), values[t]));
        }
        return Model.of(out);
    }

    /** @return {@code data} with label {@code y} replaced by {@code classes - 1 - y} */
    static Dataset flipLabels(Dataset data) {
        double[][] rows = new double[data.size()][data.featureCount()];
        int[] labels = new int[data.size()];
        for (int i = 0; i < rows.length; i++) {
            data.copyRow(i, rows[i], 0);
            labels[i] = data.classCount() - 1 - data.label(i);
        }
        return Dataset.of(data.name() + " (labels flipped)", rows, labels, data.classCount());
    }
}
