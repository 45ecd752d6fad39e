#!/usr/bin/env bash
# Issue 24's ranking target, counted over seeded runs: for each task and attack, the demo with
# incentives runs once per seed 1..S (demo --seed: another split of the data, other initialisations,
# other attack noise), nine hospitals, the last N hostile from round 1, each run on a new in-memory
# embedded ledger with every round verified and every task audited. It prints, per seed, whether
# every attacker ended the task with a reputation strictly below every honest hospital's, then in how
# many seeds that held: with suspension (three negative rounds in a row suspend a hospital for five
# rounds) and with contributions only measured (no suspension: the rule trains as without incentives).
# Breast cancer, one attack, 30 rounds: about 30 s a run, two runs a seed.
#
#   scripts/benchmark-ranking.sh [--tasks breast-cancer,digits] [--attacks sign-flip,gaussian-noise,...]
#                                [--seeds 20] [--rounds 30] [--attackers 2] [--rule median]
#                                [--score correct] [--reputation-score non-negative-rank] [--reputation-memory N]
#                                [--out-of-line F] [--suspend-below P]
#                                [--validation shared] [--dump DIR]
#                                [--skip-build] [--maven-repo DIR] [--offline]
#
#   --rule         the tasks' rule in the syntax of demo --rule
#   --score        what a coalition is worth: correct (validation samples) or log-loss (validation loss)
#   --reputation-score  how a round scores reputations: non-negative-rank, rank (a suspended hospital last) or share
#                  (half, plus half the hospital's share of the round's total absolute contribution)
#   --reputation-memory  the rounds a reputation averages (the mean until then); default: each round moves it 1/8
#   --out-of-line  an update whose norm per local step (the task's mini-batch) is more than F times its round's median, or less
#                  than the median over F, scores last (needs a --rule with clip_norm)
#   --suspend-below  with suspension, a negative contribution counts toward it only when it is at least P thousandths
#                  of its round's total absolute contribution (default: every negative one counts)
#   --validation   shared (one validation set, every tenth sample of each hospital's) or private (each organisation's
#                  own hospitals' tenth samples, committed by hash; a round's contributions are the organisations' median)
#   --dump         write each run's agreed rounds to DIR (one CSV a run: round, hospital, value, out-of-line mark,
#                  hostile) to replay other reputation rules from offline
#   --maven-repo   the local Maven repository to build against and run from
#   --offline      build offline (mvn -o)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

bench_parse_flags --tasks --attacks --seeds --rounds --attackers --rule --score --reputation-score --reputation-memory --out-of-line --suspend-below --validation --dump -- "$@"
bench_run "ranking runs" org.fedledger.it.bench.RankingBenchmark
