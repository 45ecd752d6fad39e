#!/usr/bin/env bash
# Builds every module and runs every test: unit and property tests, the chaincode-as-a-service test,
# the example projects in examples/ (standalone builds on the artifacts just installed), and, when Fabric binaries are found, the integration tests on a real local Fabric network that this
# script brings up, deploys to and always tears down, then the tests that stop and start that network
# mid-task, then the test in which an organisation joins it. Prints how long each phase took and how many
# tests ran per module.
#
#   scripts/test.sh [--module NAME] [--no-network]
#
#   --module NAME   only NAME (fl-core, chaincode, client-sdk, ...) and what it depends on; no network
#   --no-network    skip the real-network phase even when Fabric binaries are present
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$FEDLEDGER_ROOT/scripts/lib/fabric.sh"
source "$FEDLEDGER_ROOT/scripts/lib/browser.sh"

module="" network=true
while [ $# -gt 0 ]; do
  case "$1" in
    --module) module=${2:?--module needs a name}; network=false; shift ;;
    --no-network) network=false ;;
    -h|--help) usage_of "$0"; exit 0 ;;
    *) die "unknown flag: $1 (try --help)" ;;
  esac
  shift
done

command -v mvn >/dev/null || die "Maven is not installed (needs Maven 3.8+ and Java 17)"
cd "$FEDLEDGER_ROOT"
started=$SECONDS

# Counts from the Surefire and Failsafe reports of each module: tests, failures, errors, skipped.
report_counts() {
  local dir kind files
  printf '%-26s %-9s %6s %9s %7s %8s\n' module kind tests failures errors skipped >&2
  for dir in */ examples/*/; do
    dir=${dir%/}
    for kind in surefire failsafe; do
      files=$(ls "$dir/target/$kind-reports"/TEST-*.xml 2>/dev/null) || continue
      # shellcheck disable=SC2086
      sed -n 's/.*<testsuite \(.*\)>.*/\1/p;s/^<testsuite \(.*\)>$/\1/p' $files | awk -v m="$dir" -v k="$kind" '
        { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); v[kv[1]] += kv[2] } }
        END { printf "%-26s %-9s %6d %9d %7d %8d\n", m, k, v["tests"], v["failures"], v["errors"], v["skipped"] }' >&2
    done
  done
}

network_up=false
teardown() {
  local rc=$?
  if $network_up; then
    log "network resident memory after the tests:"
    test-network/network.sh status >&2 || true
    test-network/network.sh status 2>/dev/null | awk 'NR > 1 && $4 ~ /^[0-9]+$/ { s += $4 } END { printf "total %d MiB\n", s }' >&2 || true
    timed "network down" test-network/network.sh down || true
  fi
  report_counts || true
  log "all phases took $((SECONDS - started)) s (exit $rc)"
  exit $rc
}
trap teardown EXIT

ensure_chromium
mvn_args=(-B -ntp install)
[ -z "$module" ] || mvn_args+=(-pl "$module" -am)
timed "build and unit tests" mvn "${mvn_args[@]}"
# The examples build as a hospital's own project would, on the artifacts just installed.
[ -n "$module" ] || timed "example projects" "$FEDLEDGER_ROOT/scripts/example.sh"

$network || exit 0
problem=$(fabric_problem)
if [ -n "$problem" ]; then
  warn "SKIPPED the integration tests on a real Fabric network: $problem. Install Fabric $FABRIC_VERSION with 'scripts/fedledger.sh install-fabric' (or set FABRIC_HOME) to run them."
  exit 0
fi

# A network left running by an earlier run of this clone is stopped first: the tests need a fresh one.
if [ -d "$NETWORK_HOME" ]; then
  timed "stop the previous network" test-network/network.sh down
fi
network_up=true
timed "network up" test-network/network.sh up
timed "chaincode deploy" test-network/network.sh deploy
timed "integration tests on the real network" mvn -B -ntp -Pfabric-network -pl integration-tests verify \
  "-Dfedledger.networkHome=$NETWORK_HOME"
# Last, on their own: the tests that stop and start the network (or one process) mid-task with this
# launcher (tagged "restarts"; they would pull the network from under the others).
timed "restart tests on the real network" mvn -B -ntp -Pfabric-network -pl integration-tests verify \
  "-Dfedledger.networkHome=$NETWORK_HOME" -Dfedledger.it.groups=restarts -Dfedledger.it.excludedGroups=
# Last, since it changes the network: an organisation joins the channel (OnboardingIT runs
# `network.sh add-org` between its two tasks), then the hostile member's scenarios run again with that
# organisation outside their tasks (alphabetical order: org.fedledger.it.OnboardingIT comes first).
timed "onboarding test on the real network" mvn -B -ntp -Pfabric-network -pl integration-tests verify \
  "-Dfedledger.networkHome=$NETWORK_HOME" -Dit.test=OnboardingIT,HostileMemberScenariosOnFabricIT \
  -Dfailsafe.runOrder=alphabetical -Dfedledger.it.groups= -Dfedledger.it.excludedGroups=
