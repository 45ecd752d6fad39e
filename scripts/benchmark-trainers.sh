#!/usr/bin/env bash
# Issue 25's many-trainers target: the ledger operations of a round with many trainers (threads, each
# its own identity), flat exact FedAvg beside hierarchical rounds in the same run, on the embedded
# ledger or the running local Fabric network (test-network/network.sh up && deploy first; its
# crypto material has User1..User41 per organisation, so at most 102 trainers there). On Fabric each
# mode runs twice by default: with every trainer's submit waiting for every organisation's peer (the
# test harness's wait, which the earlier measurements used) and for its own peer only (as the SDK does).
#
#   scripts/benchmark-trainers.sh [--network embedded|fabric] [--trainers 100] [--rounds 5]
#                                 [--modes flat,hierarchical] [--trainer-commit every-peer,own-peer]
#                                 [--skip-build] [--maven-repo DIR] [--offline]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

bench_parse_flags --network --trainers --rounds --modes --trainer-commit -- "$@"
bench_run "many-trainer rounds" org.fedledger.it.bench.ManyTrainersBenchmark
