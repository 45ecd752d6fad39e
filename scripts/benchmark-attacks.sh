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
#                                [--skip-build] [--maven-repo DIR] [--offline]
#
#   --rules        rules separated by ';' in the syntax of demo --rule (a rule's parameters use ',')
#   --maven-repo   the local Maven repository to build against and run from
#   --offline      build offline (mvn -o)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

args=()
mvn_args=(-B -ntp -q)
build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --tasks|--rounds|--attackers|--attacks|--rules)
      [ $# -ge 2 ] || die "$1 needs a value"; args+=("$1" "$2"); shift ;;
    --skip-build) build=false ;;
    --maven-repo) [ $# -ge 2 ] || die "--maven-repo needs a folder"; mvn_args+=("-Dmaven.repo.local=$2"); shift ;;
    --offline) mvn_args+=(-o) ;;
    -h|--help) usage_of "$0"; exit 0 ;;
    *) die "unknown flag: $1 (try --help)" ;;
  esac
  shift
done

cd "$FEDLEDGER_ROOT"
if $build; then
  log "building the modules the benchmark runs (integration-tests and what it needs)"
  timed build mvn "${mvn_args[@]}" -pl integration-tests -am install -DskipTests
fi
# The benchmark is a main class of the integration tests, run on their test class path.
classpath_file="$FEDLEDGER_ROOT/integration-tests/target/benchmark-classpath.txt"
mvn "${mvn_args[@]}" -pl integration-tests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath_file"
[ -d integration-tests/target/test-classes ] || mvn "${mvn_args[@]}" -pl integration-tests test-compile
classpath="integration-tests/target/test-classes:integration-tests/target/classes:$(cat "$classpath_file")"
log "running the attack grid ${args[*]:-(defaults)}"
timed attacks java -cp "$classpath" org.fedledger.it.bench.AttackBenchmark "${args[@]}"
