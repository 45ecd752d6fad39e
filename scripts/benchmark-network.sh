#!/usr/bin/env bash
# Submit-to-commit latency (p50, p95) of submitUpdate on the local Fabric network, beside an evaluate
# through the same peer in the same run; with --sdk, the SDK's overhead over a raw fabric-gateway
# submit (interleaved, same run) and its latency and throughput with 1, 4 and 16 concurrent trainers.
# Uses the running network, or brings one up (and down again).
#
#   scripts/benchmark-network.sh [--tasks N] [--sdk]     (N tasks of 3 updates, or N SDK/raw pairs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$FEDLEDGER_ROOT/scripts/lib/fabric.sh"

tasks=20
main=org.fedledger.it.bench.SubmitLatencyBenchmark
while [ $# -gt 0 ]; do
  case "$1" in
    --tasks) tasks=${2:?--tasks needs a number}; shift ;;
    --sdk) main=org.fedledger.it.bench.SdkSubmitBenchmark ;;
    -h|--help) usage_of "$0"; exit 0 ;;
    *) die "unknown flag: $1 (try --help)" ;;
  esac
  shift
done
require_fabric
cd "$FEDLEDGER_ROOT"
mvn -B -ntp -q install -DskipTests
started_here=false
if [ -f "$NETWORK_HOME/package-id" ] && ! test-network/network.sh status >/dev/null 2>&1; then
  # A deployed network that was stopped (or lost a process) resumes with its ledger.
  test-network/network.sh start
elif ! [ -f "$NETWORK_HOME/package-id" ] || ! test-network/network.sh status >/dev/null 2>&1; then
  started_here=true
  trap 'test-network/network.sh down' EXIT
  [ ! -d "$NETWORK_HOME" ] || test-network/network.sh down
  test-network/network.sh up
  test-network/network.sh deploy
fi
mvn -B -ntp -q -pl integration-tests exec:java "-Dexec.mainClass=$main" "-Dexec.args=$tasks" "-Dfedledger.networkHome=$NETWORK_HOME"
$started_here || log "the network stays up (it was running before); 'test-network/network.sh down' stops it"
