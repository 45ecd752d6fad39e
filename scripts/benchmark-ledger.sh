#!/usr/bin/env bash
# Small submitUpdate transactions per second on the embedded ledger with three endorsing
# organisations, beside the same workload with one organisation, measured in the same run.
#
#   scripts/benchmark-ledger.sh [transactions-a-round [client-threads [warm-up-rounds [measured-rounds [memory|disk]]]]]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[ "${1:-}" != "-h" ] && [ "${1:-}" != "--help" ] || { usage_of "$0"; exit 0; }
cd "$FEDLEDGER_ROOT"
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q -pl embedded-ledger org.codehaus.mojo:exec-maven-plugin:3.6.3:java -Dexec.classpathScope=test \
    -Dexec.mainClass=org.fedledger.embedded.bench.SubmitUpdateThroughput -Dexec.args="${*:-3000 16 5 3}"
