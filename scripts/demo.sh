#!/usr/bin/env bash
# The federated training demo: three hospitals train a breast-cancer model and a digits model together
# over the ledger, with a verifier service per organisation; prints a table per round and writes a
# report folder (accuracy chart, per-round CSV, lineage of each final model).
#
#   scripts/demo.sh [--network embedded|fabric] [--rounds N] [--tasks breast-cancer,digits] [--seed N]
#                   [--report DIR] [--json]
#
# --network embedded (default) needs nothing but Java and Maven. --network fabric runs on the local
# Fabric network: it starts a stopped network again with its ledger, brings the network up and deploys
# the chaincode when there is none (and takes it down again afterwards), and needs Fabric binaries
# (scripts/fedledger.sh install-fabric).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$FEDLEDGER_ROOT/scripts/lib/fabric.sh"

network=embedded
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --network) network=${2:?--network needs embedded or fabric}; shift ;;
    -h|--help) usage_of "$0"; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done
case "$network" in
  embedded|fabric) ;;
  *) die "--network must be embedded or fabric, not '$network'" ;;
esac

command -v mvn >/dev/null || die "Maven is not installed (needs Maven 3.8+ and Java 17)"
cd "$FEDLEDGER_ROOT"
timed "build" mvn -B -ntp -q install -DskipTests

started_here=false
if [ "$network" = fabric ]; then
  require_fabric
  if [ -f "$NETWORK_HOME/package-id" ] && ! test-network/network.sh status >/dev/null 2>&1; then
    # A deployed network that was stopped (or lost a process) resumes with its ledger.
    timed "network start" test-network/network.sh start
  elif ! test-network/network.sh status >/dev/null 2>&1 || [ ! -f "$NETWORK_HOME/package-id" ]; then
    [ ! -d "$NETWORK_HOME" ] || test-network/network.sh down
    started_here=true
    trap 'test-network/network.sh down' EXIT
    timed "network up" test-network/network.sh up
    timed "chaincode deploy" test-network/network.sh deploy
  fi
fi
rc=0
# The client JIT-compiles with C1 only, as the chaincode servers do: in a run this short, C2's compilations
# cost more CPU than its faster code gives back, and on a small machine they take it from the peers
# (docs/round-modes.md, "The demo's client compiles with C1 only"). The results are the same bits.
timed "demo" java -XX:TieredStopAtLevel=1 -jar cli/target/fedledger.jar demo --network "$network" --network-home "$NETWORK_HOME" \
  ${args[@]+"${args[@]}"} || rc=$?
$started_here || [ "$network" != fabric ] || log "the network stays up (it was running before); 'test-network/network.sh down' stops it"
exit $rc
