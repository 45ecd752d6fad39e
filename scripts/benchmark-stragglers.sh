#!/usr/bin/env bash
# Issue 25's straggler scenario on the embedded ledger, or with --network fabric on the local Fabric
# network (test-network/network.sh up && test-network/network.sh deploy first; --network-home is its
# state folder, default test-network/.state): nine hospitals train again and again, the last three
# pausing five times as long after each local training; once with synchronous rounds and once with
# buffered ones (max_staleness), each on a new embedded ledger or as a new task on the network, every
# model verified by the organisations. Prints every global model and the time each mode took to the
# demo's accuracy bar.
#
#   scripts/benchmark-stragglers.sh [--tasks breast-cancer,digits] [--stragglers 3] [--slowdown 5]
#                                   [--pause-ms 100] [--buffer 6] [--max-staleness 4] [--limit-s 180]
#                                   [--network embedded|fabric] [--network-home DIR]
#                                   [--skip-build] [--maven-repo DIR] [--offline]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

bench_parse_flags --tasks --stragglers --slowdown --pause-ms --buffer --max-staleness --limit-s --network \
  --network-home -- "$@"
bench_run "straggler runs" org.fedledger.it.bench.StragglerBenchmark
