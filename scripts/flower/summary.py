"""The table of scripts/benchmark-flower.sh: steady rounds of FedLedger's demo and of Flower side by side.

    python summary.py --warmup 5 --fedledger a.csv b.csv --flower c.csv d.csv --load-start "..." --load-end "..."

Each CSV is one run: the demo's breast-cancer-*-rounds.csv (round, accuracy, ..., round_ms, training_ms,
ledger_ms, verification_ms, ...) or breast_cancer_fedavg.py's (round, accuracy, loss, round_ms). The
first --warmup rounds of every run are left out of the times.
"""

import argparse
import csv
import statistics
from decimal import ROUND_HALF_UP, Decimal


def accuracy(row):
    """Four places, rounded half up from the CSV's text as the demo's table rounds (112/113 is 0.9912)."""
    return str(Decimal(row["accuracy"]).quantize(Decimal("0.0001"), ROUND_HALF_UP))


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def steady(runs, column, warmup):
    return [float(r[column]) for rows in runs for r in rows if int(r["round"]) > warmup]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--fedledger", nargs="+", required=True)
    parser.add_argument("--flower", nargs="+", required=True)
    parser.add_argument("--load-start", default="")
    parser.add_argument("--load-end", default="")
    args = parser.parse_args()
    sides = {"FedLedger (embedded ledger)": [read(p) for p in args.fedledger],
             "Flower 1.42 (simulation)": [read(p) for p in args.flower]}

    first = [runs[0] for runs in sides.values()]
    print("\nper round, first run of each side (accuracy on the same 113 test samples; ms):")
    print(f"{'round':>5} {'FedLedger acc':>13} {'Flower acc':>10} {'FedLedger ms':>12} {'Flower ms':>9}")
    for fed, flo in zip(*first):
        print(f"{fed['round']:>5} {accuracy(fed):>13} {accuracy(flo):>10}"
              f" {float(fed['round_ms']):12.0f} {float(flo['round_ms']):9.1f}")
    same = sum(1 for runs in zip(*[r for rs in sides.values() for r in rs])
               if len({accuracy(x) for x in runs}) == 1)
    print(f"rounds with the same accuracy in every run of both sides: {same} of {len(first[0])}")

    print(f"\nsteady rounds (the first {args.warmup} of each run left out); load average at the start"
          f" {args.load_start}, at the end {args.load_end}")
    print(f"{'side':<28} {'runs':>4} {'rounds':>6} {'median ms':>9} {'mean ms':>8} {'min ms':>7} {'max ms':>7}"
          f" {'final accuracy':>14}")
    for side, runs in sides.items():
        times = steady(runs, "round_ms", args.warmup)
        finals = sorted({accuracy(rows[-1]) for rows in runs})
        print(f"{side:<28} {len(runs):>4} {len(times):>6} {statistics.median(times):9.1f}"
              f" {statistics.fmean(times):8.1f} {min(times):7.1f} {max(times):7.1f} {'/'.join(finals):>14}")
    fed = sides["FedLedger (embedded ledger)"]
    parts = ", ".join(f"{name} {statistics.median(steady(fed, column, args.warmup)):.0f}"
                      for name, column in (("local training", "training_ms"), ("ledger operations", "ledger_ms"),
                                           ("verification", "verification_ms")))
    print(f"FedLedger's steady rounds, median ms: {parts}")
    flower = sides["Flower 1.42 (simulation)"]
    ratios = [f"{how(steady(fed, 'round_ms', args.warmup)) / how(steady(flower, 'round_ms', args.warmup)):.2f}x"
              for how in (statistics.median, statistics.fmean)]
    print(f"FedLedger's round against Flower's: {ratios[0]} by the median, {ratios[1]} by the mean")


if __name__ == "__main__":
    main()
