#!/usr/bin/env bash
# Time to audit a task on the embedded ledger and how it grows with rounds and updates per round,
# beside SHA-256 over the same payload bytes, measured in the same run.
#
#   scripts/benchmark-audit.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[ "${1:-}" != "-h" ] && [ "${1:-}" != "--help" ] || { usage_of "$0"; exit 0; }
cd "$FEDLEDGER_ROOT"
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q -pl integration-tests exec:java -Dexec.mainClass=org.fedledger.it.bench.AuditBenchmark
