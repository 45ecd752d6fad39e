# Shared helpers for FedLedger scripts. Source it; do not run it.
# Paths are found relative to this file so scripts work from any working directory.

FEDLEDGER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export FEDLEDGER_ROOT

# Defaults (ports, versions, folders) live in one commented file.
# shellcheck source=../../network-config/network.env
source "$FEDLEDGER_ROOT/network-config/network.env"

# Prints a script's usage: its leading comment block (after the shebang), without the '# ' marks.
usage_of() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$1"; }

# The flags of a script that builds against installed artifacts: --maven-repo DIR sets maven_repo_args.
parse_maven_repo_flag() {
  maven_repo_args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --maven-repo) maven_repo_args=("-Dmaven.repo.local=${2:?--maven-repo needs a folder}"); shift ;;
      -h|--help) usage_of "$0"; exit 0 ;;
      *) die "unknown flag: $1 (try --help)" ;;
    esac
    shift
  done
}

# pom_property FILE NAME: the first <NAME> element's text in a pom (NAME=version: the project's version).
pom_property() { sed -n "s:.*<$2>\(.*\)</$2>.*:\1:p" "$1" | head -n 1; }

log()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# Runs a command and prints how long it took, so every phase of CI is timed.
timed() {
  local label=$1; shift
  local start=$SECONDS rc=0
  "$@" || rc=$?
  log "phase '$label' took $((SECONDS - start)) s (exit $rc)"
  return $rc
}
