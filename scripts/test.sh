#!/usr/bin/env bash
# Builds every module and runs every test: unit tests, property tests and the chaincode's
# protocol scenarios against the in-memory ledger double.
#
#   scripts/test.sh [--module NAME]    (NAME: fl-core, chaincode, client-sdk; default all)
#
# Integration tests against a real Fabric network are not part of this run yet: the pinned Fabric
# binaries cannot be installed on this machine (see README, "Status of the Fabric network").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

module=""
while [ $# -gt 0 ]; do
  case "$1" in
    --module) module=${2:?--module needs a name}; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown flag: $1 (try --help)" ;;
  esac
  shift
done

command -v mvn >/dev/null || die "Maven is not installed (needs Maven 3.8+ and Java 17)"
cd "$FEDLEDGER_ROOT"
mvn_args=(-B -ntp verify)
[ -z "$module" ] || mvn_args+=(-pl "$module" -am)
timed "build and unit tests" mvn "${mvn_args[@]}"
