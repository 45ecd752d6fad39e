#!/usr/bin/env bash
# Installs the official Hyperledger Fabric release archive (v$FABRIC_VERSION, this machine's OS and
# architecture) into $FABRIC_HOME, then checks that its peer reports that version. Idempotent: when a
# usable Fabric of the same minor version is already there, it says so and changes nothing.
#
#   scripts/install-fabric.sh [--archive FILE] [--force]
#
#   --archive FILE   install from a release archive downloaded beforehand (machines without internet)
#   --force          reinstall even when Fabric is already there
#
# Layout (the release archive's): $FABRIC_HOME/bin/{peer,orderer,configtxgen,osnadmin,cryptogen,...}
#                                  $FABRIC_HOME/builders/ccaas/bin/{detect,build,release}
#                                  $FABRIC_HOME/config/{core.yaml,orderer.yaml,configtx.yaml}
# FABRIC_HOME defaults to ~/.fedledger/fabric (network-config/network.env), outside every clone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$FEDLEDGER_ROOT/scripts/lib/fabric.sh"

archive="" force=false
while [ $# -gt 0 ]; do
  case "$1" in
    --archive) archive=${2:?--archive needs a file}; shift ;;
    --force) force=true ;;
    -h|--help) usage_of "$0"; exit 0 ;;
    *) die "unknown flag: $1 (try --help)" ;;
  esac
  shift
done

wanted_minor=${FABRIC_VERSION%.*}
if ! $force && [ -x "$FABRIC_HOME/bin/peer" ] && [ -z "$(fabric_problem)" ]; then
  have=$(fabric_version "$FABRIC_HOME")
  if [ "${have%.*}" = "$wanted_minor" ]; then
    log "Fabric $have is already installed in $FABRIC_HOME; nothing to do (--force reinstalls)"
    exit 0
  fi
  log "Fabric $have in $FABRIC_HOME is not $wanted_minor.x: installing $FABRIC_VERSION over it"
fi

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) die "no Fabric release archive for $(uname -s); put Fabric $FABRIC_VERSION binaries into $FABRIC_HOME by hand" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) die "no Fabric release archive for $(uname -m); put Fabric $FABRIC_VERSION binaries into $FABRIC_HOME by hand" ;;
esac
name="hyperledger-fabric-$os-$arch-$FABRIC_VERSION.tar.gz"
url="https://github.com/hyperledger/fabric/releases/download/v$FABRIC_VERSION/$name"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$archive" ]; then
  command -v curl >/dev/null || die "curl is needed to download $name"
  log "downloading $name"
  # A short connect timeout: a machine without internet stops at once instead of hanging.
  if ! curl -fsSL --connect-timeout 10 --retry 2 -o "$work/$name" "$url"; then
    die "cannot download $url (no internet here?). Either download that archive elsewhere and run
  scripts/fedledger.sh install-fabric --archive /path/to/$name
or unpack a Fabric $FABRIC_VERSION release so that $FABRIC_HOME holds bin/peer, bin/orderer, bin/configtxgen,
bin/osnadmin, bin/cryptogen, bin/configtxlator, builders/ccaas/bin/{detect,build,release} and
config/{core.yaml,orderer.yaml} (or set FABRIC_HOME to such a folder)."
  fi
  archive="$work/$name"
fi
[ -f "$archive" ] || die "archive not found: $archive"

log "unpacking into $FABRIC_HOME"
mkdir -p "$work/unpacked"
tar -xzf "$archive" -C "$work/unpacked" || die "$archive is not a gzip'd tar archive"
[ -x "$work/unpacked/bin/peer" ] || die "$archive does not look like a Fabric release archive (no bin/peer)"
mkdir -p "$FABRIC_HOME"
for dir in bin builders config; do
  [ -d "$work/unpacked/$dir" ] || continue
  rm -rf "${FABRIC_HOME:?}/$dir"
  cp -R "$work/unpacked/$dir" "$FABRIC_HOME/$dir"
done

problem=$(fabric_problem)
[ -z "$problem" ] || die "after installing: $problem"
have=$(fabric_version "$FABRIC_HOME")
[ "${have%.*}" = "$wanted_minor" ] || die "the installed peer reports $have, not $wanted_minor.x"
log "Fabric $have installed in $FABRIC_HOME"
