# Finding and checking Fabric binaries. Source it after common.sh; do not run it.
#
# The scripts take Fabric from $FABRIC_HOME (the release archive's layout: bin/, builders/ccaas/bin/,
# config/) and otherwise from the `peer` found on PATH, whose parent folder must have the same layout.

# Prints the Fabric folder in use (holding bin/peer), or returns 1 when there is none.
fabric_root() {
  if [ -x "$FABRIC_HOME/bin/peer" ]; then
    printf '%s\n' "$FABRIC_HOME"
    return 0
  fi
  local peer
  peer=$(command -v peer 2>/dev/null) || return 1
  (cd "$(dirname "$peer")/.." && pwd)
}

# Prints the version the peer reports (for example 3.1.5), or returns 1.
fabric_version() {
  local root=$1 out
  out=$("$root/bin/peer" version 2>/dev/null) || return 1
  printf '%s\n' "$out" | sed -n 's/^ *Version: *v\{0,1\}\([0-9][0-9.]*\).*/\1/p' | head -n 1
}

# One line saying why Fabric cannot be used, or nothing when it can. Checks every binary, the
# chaincode-as-a-service builder, the config files and the version (3.0 or newer).
fabric_problem() {
  local root version major name
  if ! root=$(fabric_root); then
    printf 'no Fabric binaries: %s/bin/peer does not exist and no peer is on PATH\n' "$FABRIC_HOME"
    return 0
  fi
  for name in peer orderer configtxgen osnadmin cryptogen configtxlator; do
    [ -x "$root/bin/$name" ] || { printf 'Fabric binary missing: %s/bin/%s\n' "$root" "$name"; return 0; }
  done
  for name in detect build release; do
    [ -x "$root/builders/ccaas/bin/$name" ] \
      || { printf 'chaincode-as-a-service builder missing: %s/builders/ccaas/bin/%s\n' "$root" "$name"; return 0; }
  done
  for name in core.yaml orderer.yaml; do
    [ -f "$root/config/$name" ] || { printf 'Fabric config missing: %s/config/%s\n' "$root" "$name"; return 0; }
  done
  version=$(fabric_version "$root") || true
  [ -n "$version" ] || { printf '%s/bin/peer does not run or reports no version\n' "$root"; return 0; }
  major=${version%%.*}
  if [ "$major" -lt "$FABRIC_MIN_MAJOR" ]; then
    printf 'Fabric %s in %s is too old: FedLedger needs %s.0 or newer (the peer Gateway and channel participation)\n' \
      "$version" "$root" "$FABRIC_MIN_MAJOR"
  fi
}

# Exits with a clear message unless usable Fabric binaries are present; sets FABRIC_ROOT and puts
# its bin/ first on PATH.
require_fabric() {
  local problem
  problem=$(fabric_problem)
  [ -z "$problem" ] || die "$problem. Install Fabric $FABRIC_VERSION with 'scripts/fedledger.sh install-fabric' (see README, 'Fabric binaries')."
  FABRIC_ROOT=$(fabric_root)
  export FABRIC_ROOT PATH="$FABRIC_ROOT/bin:$PATH"
}
