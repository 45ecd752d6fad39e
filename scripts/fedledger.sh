#!/usr/bin/env bash
# FedLedger's one entry point for scripted actions. Each action is its own script next to this one.
#
#   scripts/fedledger.sh demo             federated training of three hospitals over the ledger (--network fabric)
#   scripts/fedledger.sh test             build everything and run every test (what CI runs)
#   scripts/fedledger.sh example          build and test examples/ against the installed artifacts (after test)
#   scripts/fedledger.sh install-fabric   install the Fabric release archive into $FABRIC_HOME
#   scripts/fedledger.sh network ACTION   the local Fabric network: up, deploy, add-org, stop, start, restart, down, status, logs
#   scripts/fedledger.sh bench-core       JMH benchmarks of fl-core (hashing, encoding, aggregation)
#   scripts/fedledger.sh bench-network    submit-to-commit latency on the local Fabric network
#   scripts/fedledger.sh bench-audit      time to audit a task, by rounds and updates per round
#   scripts/fedledger.sh bench-ledger     submitUpdate transactions per second on the embedded ledger
#   scripts/fedledger.sh bench-attacks    accuracy under each attack of the suite and each rule, beside clean FedAvg
#   scripts/fedledger.sh bench-ranking    in how many seeded runs the attackers' reputation ends below every honest one
#   scripts/fedledger.sh bench-stragglers time to the accuracy bar with three slow hospitals: synchronous vs buffered rounds
#   scripts/fedledger.sh bench-trainers   a round's ledger operations with many trainers: flat vs hierarchical rounds
#   scripts/fedledger.sh bench-flower     a steady breast-cancer round on the embedded ledger beside Flower 1.42's simulation
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/common.sh"

usage() { usage_of "${BASH_SOURCE[0]}"; }

action=${1:-}
[ -n "$action" ] || { usage; exit 2; }
shift
case "$action" in
  demo)           exec "$here/demo.sh" "$@" ;;
  test)           exec "$here/test.sh" "$@" ;;
  example)        exec "$here/example.sh" "$@" ;;
  install-fabric) exec "$here/install-fabric.sh" "$@" ;;
  network)        exec "$here/../test-network/network.sh" "$@" ;;
  bench-core)     exec "$here/benchmark-core.sh" "$@" ;;
  bench-network)  exec "$here/benchmark-network.sh" "$@" ;;
  bench-audit)    exec "$here/benchmark-audit.sh" "$@" ;;
  bench-ledger)   exec "$here/benchmark-ledger.sh" "$@" ;;
  bench-attacks)  exec "$here/benchmark-attacks.sh" "$@" ;;
  bench-ranking)  exec "$here/benchmark-ranking.sh" "$@" ;;
  bench-stragglers) exec "$here/benchmark-stragglers.sh" "$@" ;;
  bench-trainers) exec "$here/benchmark-trainers.sh" "$@" ;;
  bench-flower)   exec "$here/benchmark-flower.sh" "$@" ;;
  -h|--help|help) usage ;;
  *) printf 'unknown action: %s\n\n' "$action" >&2; usage >&2; exit 2 ;;
esac
