"""The demo's breast-cancer task on Flower's simulation runtime, for scripts/benchmark-flower.sh.

Three SuperNodes, one per hospital of the demo, each holding the partition that
org.fedledger.it.bench.FlowerSplitExport wrote; a ClientApp that trains the demo's logistic regression
for one local epoch in numpy exactly as fl-trainer does (DemoTask.breastCancer: weights from zero,
mini-batches of 16 in a java.util.Random shuffle seeded 13 + hospital that goes on from round to round,
SGD with learning rate 0.01 and momentum 0.9 reset every round, L2 decay 0.001 on the kernel, binary
cross-entropy; updates in float32 as on the ledger); Flower's FedAvg, each ClientApp reporting as its
num-examples the weight the ledger gives its hospital (its samples, the largest organisation bounded to
half of the round's weight: weights.csv); the new global model evaluated on the test set on the server
after every round, as the demo does, and no federated evaluation.

A round's time is what Flower's FedAvg.start spends between two central evaluations: sending the
global model to the three ClientApps, their training, the replies, FedAvg and the (empty) federated
evaluation step. The central evaluation itself is left out, as the demo's round time leaves out its.

    python breast_cancer_fedavg.py --data DIR --rounds 30 --out flower-rounds.csv [--cpus-per-client 1]

Writes round,accuracy,loss,round_ms to --out and prints the same as a table.
"""

import argparse
import csv
import logging
import os
import time
from pathlib import Path

import numpy as np

LEARNING_RATE = 0.01
MOMENTUM = 0.9
BATCH = 16
WEIGHT_DECAY = 1e-3
LOCAL_EPOCHS = 1
SEED = 13
KERNEL = "dense/kernel"
BIAS = "dense/bias"


class JavaRandom:
    """java.util.Random's generator (its algorithm is fixed by the Java specification), as far as a shuffle needs it."""

    MULTIPLIER = 0x5DEECE66D
    MASK = (1 << 48) - 1

    def __init__(self, seed=None, state=None):
        self.state = state if state is not None else (seed ^ self.MULTIPLIER) & self.MASK

    def _next31(self):
        self.state = (self.state * self.MULTIPLIER + 0xB) & self.MASK
        return self.state >> 17

    def next_int(self, bound):
        r = self._next31()
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            if u - r + m < (1 << 31):  # Java retries when this overflows an int
                return r
            u = self._next31()

    def shuffle(self, values):
        """Fisher-Yates from the last position down, as SeededRandom.shuffle."""
        for i in range(len(values) - 1, 0, -1):
            j = self.next_int(i + 1)
            values[i], values[j] = values[j], values[i]


def load_rows(path):
    table = np.loadtxt(path, delimiter=",", dtype=np.float64, ndmin=2)
    return table[:, :-1], table[:, -1].astype(np.int64)


def load_model(path):
    tensors = {}
    for line in Path(path).read_text().splitlines():
        name, *values = line.split(",")
        tensors[name] = np.array([float(v) for v in values], dtype=np.float32)
    return tensors[KERNEL].reshape(-1, 1), tensors[BIAS]


def train_epochs(kernel, bias, x, y, rng, epochs=LOCAL_EPOCHS):
    """One site's local training from the global (kernel, bias), as fl-trainer's DenseModel.train does it."""
    w = kernel.astype(np.float64).reshape(-1)
    b = float(bias[0])
    vw = np.zeros_like(w)  # momentum starts from zero every round (setWeights resets the optimizer)
    vb = 0.0
    n = len(y)
    for _ in range(epochs):
        order = list(range(n))
        rng.shuffle(order)
        for start in range(0, n, BATCH):
            idx = order[start:start + BATCH]
            xb, yb = x[idx], y[idx]
            z = xb @ w + b
            p = np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))
            d = p - yb
            gw = xb.T @ d / len(idx) + WEIGHT_DECAY * w
            gb = d.sum() / len(idx)
            vw = MOMENTUM * vw + gw
            vb = MOMENTUM * vb + gb
            w = w - LEARNING_RATE * vw
            b = b - LEARNING_RATE * vb
    return w.astype(np.float32).reshape(-1, 1), np.array([b], dtype=np.float32)


def evaluate(kernel, bias, x, y):
    z = x @ kernel.astype(np.float64).reshape(-1) + float(bias[0])
    loss = np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0.0) - y * z
    return float(np.mean((z > 0).astype(np.int64) == y)), float(np.mean(loss))


def check_local_training(data):
    """Trains each site one epoch from the initial model and compares with fl-trainer's result (FlowerSplitExport)."""
    kernel, bias = load_model(data / "initial.csv")
    worst = 0.0
    for k in range(sites(data)):
        x, y = load_rows(data / f"site-{k}.csv")
        mine = train_epochs(kernel, bias, x, y, JavaRandom(SEED + k))
        java = load_model(data / f"site-{k}-epoch1.csv")
        worst = max(worst, float(np.max(np.abs(mine[0] - java[0]))), float(np.max(np.abs(mine[1] - java[1]))))
    return worst


def sites(data):
    return len(list(data.glob("site-*-epoch1.csv")))


def fedavg_weights(data):
    """Each site's FedAvg weight: its samples as the ledger's close bounds them (FlowerSplitExport)."""
    table = np.loadtxt(data / "weights.csv", delimiter=",", dtype=np.int64, ndmin=2)
    return {int(site): int(weight) for site, _, weight in table}


_cache = {}


def site_data(data_dir, partition):
    """A site's rows and its FedAvg weight, read once per process."""
    key = (data_dir, partition)
    if key not in _cache:
        x, y = load_rows(Path(data_dir) / f"site-{partition}.csv")
        _cache[key] = x, y, fedavg_weights(Path(data_dir))[partition]
    return _cache[key]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--cpus-per-client", type=float, default=1.0)
    args = parser.parse_args()
    data = args.data.resolve()
    os.environ.setdefault("FLWR_TELEMETRY_ENABLED", "0")

    import flwr
    from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
    from flwr.clientapp import ClientApp
    from flwr.serverapp import Grid, ServerApp
    from flwr.serverapp.strategy import FedAvg
    from flwr.simulation import run_simulation

    difference = check_local_training(data)
    print(f"flower {flwr.__version__}, numpy {np.__version__}: local training of one epoch from the initial model"
          f" differs from fl-trainer's by at most {difference:.2e} per weight", flush=True)
    if difference > 1e-5:
        raise SystemExit("the numpy training is not the demo's: difference " + str(difference))

    client_app = ClientApp()

    @client_app.train()
    def train(msg: Message, context: Context) -> Message:
        partition = int(context.node_config["partition-id"])
        x, y, weight = site_data(str(msg.content["config"]["data-dir"]), partition)
        arrays = msg.content["arrays"]
        # The site's shuffle stream goes on from round to round, as a site's fl-trainer model keeps its own.
        saved = context.state.get("shuffle")
        rng = JavaRandom(SEED + partition) if saved is None else JavaRandom(state=int(saved["state"]))
        kernel, bias = train_epochs(arrays[KERNEL].numpy(), arrays[BIAS].numpy(), x, y, rng)
        context.state["shuffle"] = ConfigRecord({"state": rng.state})
        reply = RecordDict({"arrays": ArrayRecord({KERNEL: _array(kernel), BIAS: _array(bias)}),
                            "metrics": MetricRecord({"num-examples": weight})})
        return Message(content=reply, reply_to=msg)

    test_x, test_y = load_rows(data / "test.csv")
    rows = []
    marks = {}

    def central_evaluation(server_round: int, arrays: ArrayRecord) -> MetricRecord:
        entered = time.perf_counter()
        accuracy, loss = evaluate(arrays[KERNEL].numpy(), arrays[BIAS].numpy(), test_x, test_y)
        if server_round > 0:
            rows.append((server_round, accuracy, loss, (entered - marks["left"]) * 1000.0))
            print(f"{server_round:5d} {accuracy:9.4f} {loss:8.4f} {rows[-1][3]:9.1f}", flush=True)
        marks["left"] = time.perf_counter()
        return MetricRecord({"accuracy": accuracy, "loss": loss})

    server_app = ServerApp()

    @server_app.main()
    def server(grid: Grid, context: Context) -> None:
        kernel, bias = load_model(data / "initial.csv")
        strategy = FedAvg(fraction_train=1.0, fraction_evaluate=0.0, min_train_nodes=sites(data),
                          min_available_nodes=sites(data))
        print(f"{'round':>5} {'accuracy':>9} {'loss':>8} {'round ms':>9}", flush=True)
        strategy.start(grid=grid, initial_arrays=ArrayRecord({KERNEL: _array(kernel), BIAS: _array(bias)}),
                       num_rounds=args.rounds, train_config=ConfigRecord({"data-dir": str(data)}),
                       evaluate_fn=central_evaluation)

    logging.getLogger("flwr").setLevel(logging.WARNING)
    run_simulation(server_app=server_app, client_app=client_app, num_supernodes=sites(data),
                   backend_config={"client_resources": {"num_cpus": args.cpus_per_client, "num_gpus": 0.0}})
    if len(rows) != args.rounds:
        raise SystemExit(f"the simulation ran {len(rows)} of {args.rounds} rounds")
    with args.out.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["round", "accuracy", "loss", "round_ms"])
        for r in rows:
            out.writerow([r[0], f"{r[1]:.6f}", f"{r[2]:.6f}", f"{r[3]:.3f}"])


def _array(values):
    from flwr.app import Array
    return Array(np.ascontiguousarray(values))


if __name__ == "__main__":
    main()
