#!/usr/bin/env bash
# Final test accuracy of the demo's tasks under each attack of the suite (sign flip, boosted
# replacement, a little is enough, Gaussian noise, label flip, free rider, sample inflation) and each
# aggregation rule, beside the same rule without attackers and clean FedAvg, measured in one run on
# the embedded ledger: nine hospitals, the last N hostile from round 1, every round verified by the
# organisations and every task audited. The full grid (2 tasks x 8 rows x 6 rules of 30 rounds) took
# 16 minutes on 2 cores; narrow it with the flags.
#
#   scripts/benchmark-attacks.sh [--tasks breast-cancer,digits] [--rounds 30] [--attackers 2]
#                                [--attacks sign-flip,label-flip,...] [--rules 'fedavg;median;krum:f=2']
#                                [--reputation correct|log-loss] [--reputation-score non-negative-rank|rank|share]
#                                [--reputation-memory N] [--out-of-line F] [--set-aside P] [--penalty-weight P]
#                                [--seeds N]
#                                [--skip-build] [--maven-repo DIR] [--offline]
#
#   --rules        rules separated by ';' in the syntax of demo --rule (a rule's parameters use ',')
#   --reputation   run the grid with issue 24's defence: incentives scored this way, weights scaled by
#                  reputation, 3 negative rounds in a row suspending a hospital for 5 (clean FedAvg, the
#                  baseline, runs without)
#   --reputation-memory  with --reputation: the rounds a reputation averages (the mean until then); default: each
#                  round moves it 1/8
#   --set-aside    with --reputation: a round in which the rule discarded at least P/1000 of an update counts toward
#                  its penalty
#   --penalty-weight  with --reputation: a penalty lowers the hospital's weight to P/1000 instead of suspending it
#   --out-of-line  with --reputation: an update whose norm per local step (the task's mini-batch) is more than F times its
#                  round's median, or less than the median over F, scores last (every rule needs clip_norm)
#   --seeds        run the grid for seeds 1..N (default: the demo's seed) and print each attack's largest
#                  drop below clean FedAvg over them; with --reputation each cell runs on a ledger of its own
#   --maven-repo   the local Maven repository to build against and run from
#   --offline      build offline (mvn -o)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

bench_parse_flags --tasks --rounds --attackers --attacks --rules --reputation --reputation-score --reputation-memory --out-of-line --set-aside --penalty-weight --seeds -- "$@"
bench_run "attack grid" org.fedledger.it.bench.AttackBenchmark
