#!/usr/bin/env bash
# Builds the JMH benchmarks module and measures fl-core throughput, each next to a plain baseline
# in the same run: SHA-256 (ContentHash vs bare MessageDigest) of 4 MiB, ModelCodec encode/decode of
# a 2^20-parameter model, and FedAvg of 100 x 2^20 parameters (tiled rule vs naive loop, and exact
# FedAvg on fixed-point integers as the rule runs it and on one thread).
# Prints JMH's table (ops/s = bytes/s) and a summary in GB/s. About 3-5 minutes on 2 cores.
#
#   scripts/benchmark-core.sh [--quick] [--filter REGEX] [--json FILE] [--skip-build]
#
#   --quick        one iteration of 1 s after one warm-up of 1 s (a smoke run, numbers are rough)
#   --filter RE    only benchmarks whose name matches RE, e.g. --filter FedAvg
#   --json FILE    also write JMH's JSON results to FILE
#   --skip-build   reuse benchmarks/target/benchmarks.jar
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

jmh_settings=(-f 1 -wi 2 -i 3 -w 2s -r 3s)
filter=""
json=""
build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) jmh_settings=(-f 1 -wi 1 -i 1 -w 1s -r 1s) ;;
    --filter) [ $# -ge 2 ] || die "--filter needs a value"; filter=$2; shift ;;
    --json) [ $# -ge 2 ] || die "--json needs a value"; json=$2; shift ;;
    --skip-build) build=false ;;
    -h|--help) usage_of "$0"; exit 0 ;;
    *) die "unknown flag: $1 (try --help)" ;;
  esac
  shift
done

jar="$FEDLEDGER_ROOT/benchmarks/target/benchmarks.jar"
if $build; then
  log "building benchmarks (and fl-core)"
  (cd "$FEDLEDGER_ROOT" && timed build mvn -B -q -pl benchmarks -am package -DskipTests)
fi
[ -f "$jar" ] || die "$jar not found; run without --skip-build"

args=("${jmh_settings[@]}")
if [ -n "$json" ]; then
  args+=(-rf json -rff "$json")
fi
if [ -n "$filter" ]; then
  args+=("$filter")
fi

log "running JMH ${args[*]} on $(nproc) cores (java $(java -version 2>&1 | head -1 | cut -d'"' -f2))"
timed jmh java -cp "$jar" org.fedledger.benchmarks.BenchmarkReport "${args[@]}"
