#!/usr/bin/env bash
# Issue 25's target beside Flower: a steady round of the demo's breast-cancer task on the embedded ledger
# next to the same task on Flower 1.42's Simulation Runtime, in one run, on the same split and model.
# Java writes the demo's data as its three hospitals hold it (FlowerSplitExport); Flower's ClientApps
# train the demo's logistic regression on it in numpy, checked equal to fl-trainer's local epoch, with
# FedAvg weighted as the ledger weighs. The sides take turns, --repeats times each: FedLedger is the
# demo itself (`fedledger demo --tasks breast-cancer`, its round time from the open to the verified
# FINAL model: endorsement, commit and verification included); Flower is run_simulation with three
# SuperNodes on Ray. Prints both sides' accuracy per round and, over the rounds after --warmup, the
# median and mean round time, with the load average at the start and the end.
#
#   scripts/benchmark-flower.sh [--rounds 30] [--warmup 5] [--repeats 3] [--cpus-per-client 1]
#                               [--skip-build] [--maven-repo DIR] [--offline]
#
#   --cpus-per-client  Ray CPUs per ClientApp (Flower's default is 2, which on 2 cores runs one at a time)
#   --maven-repo       the local Maven repository to build against and run from
#   --offline          build offline (mvn -o)
#
# Installs Flower, Ray and numpy (scripts/flower/requirements.txt) into .venv-flower/ with Python 3.10
# or newer ($PYTHON, else python3.11, else python3) the first time, and again when that file changes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

bench_parse_flags --rounds --warmup --repeats --cpus-per-client -- "$@"
rounds=$(bench_flag --rounds 30)
warmup=$(bench_flag --warmup 5)
repeats=$(bench_flag --repeats 3)
cpus=$(bench_flag --cpus-per-client 1)
[ "$warmup" -lt "$rounds" ] || die "--warmup ($warmup) must be below --rounds ($rounds)"

flower_dir="$FEDLEDGER_ROOT/scripts/flower"
venv="$FEDLEDGER_ROOT/.venv-flower"

# The virtualenv, made again whenever the requirements change.
flower_venv() {
  if [ -x "$venv/bin/python" ] && cmp -s "$flower_dir/requirements.txt" "$venv/requirements.txt"; then
    return
  fi
  local python=${PYTHON:-}
  if [ -z "$python" ]; then
    python=$(command -v python3.11 || command -v python3) || die "no python3 to make $venv with"
  fi
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || die "$python is older than 3.10"
  log "installing Flower into $venv ($("$python" --version))"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  timed "pip install" "$venv/bin/pip" install -q -r "$flower_dir/requirements.txt"
  cp "$flower_dir/requirements.txt" "$venv/requirements.txt"
}

flower_venv
bench_build
work=$(mktemp -d "${TMPDIR:-/tmp}/fedledger-flower.XXXXXX")
trap 'rm -rf "$work"' EXIT
java -cp "$bench_classpath" org.fedledger.it.bench.FlowerSplitExport --out "$work/split" >&2
export FLWR_TELEMETRY_ENABLED=0

fedledger_run() {
  local report="$work/fedledger-$1" rc=0
  java -jar cli/target/fedledger.jar demo --tasks breast-cancer --rounds "$rounds" --report "$report" \
      > "$report.log" 2>&1 || rc=$?
  # Exit 1 is the demo's quality bar (missed with fewer than 30 rounds); its rounds still count.
  [ "$rc" -le 1 ] || { cat "$report.log" >&2; die "the demo failed (exit $rc)"; }
  fedledger_csvs+=("$(ls "$report"/breast-cancer-*-rounds.csv)")
  log "FedLedger run $1: done (exit $rc)"
}

flower_run() {
  local out="$work/flower-$1.csv"
  "$venv/bin/python" "$flower_dir/breast_cancer_fedavg.py" --data "$work/split" --rounds "$rounds" --out "$out" \
      --cpus-per-client "$cpus" > "$work/flower-$1.log" 2>&1 || { cat "$work/flower-$1.log" >&2; die "Flower failed"; }
  grep -m 1 '^flower ' "$work/flower-$1.log" >&2
  flower_csvs+=("$out")
  log "Flower run $1: done"
}

fedledger_csvs=()
flower_csvs=()
load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
log "load average at the start: $load_start; $repeats runs of $rounds rounds per side, taking turns"
for ((i = 1; i <= repeats; i++)); do
  if ((i % 2)); then fedledger_run "$i"; flower_run "$i"; else flower_run "$i"; fedledger_run "$i"; fi
done
load_end=$(cut -d ' ' -f 1-3 /proc/loadavg)
"$venv/bin/python" "$flower_dir/summary.py" --warmup "$warmup" --fedledger "${fedledger_csvs[@]}" \
    --flower "${flower_csvs[@]}" --load-start "$load_start" --load-end "$load_end"
