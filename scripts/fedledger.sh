#!/usr/bin/env bash
# FedLedger's one entry point for scripted actions. Each action is its own script next to this one.
#
#   scripts/fedledger.sh test             build everything and run every test (what CI runs)
#   scripts/fedledger.sh install-fabric   build and cache the pinned Fabric binaries (see README: blocked here)
#   scripts/fedledger.sh bench-core       JMH benchmarks of fl-core (hashing, encoding, aggregation)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

action=${1:-}
[ -n "$action" ] || { usage; exit 2; }
shift
case "$action" in
  test)           exec "$here/test.sh" "$@" ;;
  install-fabric) exec "$here/install-fabric.sh" "$@" ;;
  bench-core)     exec "$here/benchmark-core.sh" "$@" ;;
  -h|--help|help) usage ;;
  *) printf 'unknown action: %s\n\n' "$action" >&2; usage >&2; exit 2 ;;
esac
