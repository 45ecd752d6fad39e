#!/usr/bin/env bash
# Builds and tests the standalone example projects in examples/ as a hospital's own build would: by
# FedLedger's coordinates and its BOM, against the artifacts the last 'mvn install' put in the local
# Maven repository, offline. Run it after the root build's install (scripts/test.sh does).
#
#   scripts/example.sh [--maven-repo DIR]
#
#   --maven-repo DIR   the local Maven repository the root build installed into (default: Maven's own)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

parse_maven_repo_flag "$@"
cd "$FEDLEDGER_ROOT"

# The BOM has no parent, so it repeats the gRPC and protobuf versions: they must be the parent's.
for property in grpc.version protobuf.version; do
  [ "$(pom_property pom.xml "$property")" = "$(pom_property bom/pom.xml "$property")" ] \
    || die "bom/pom.xml's $property ($(pom_property bom/pom.xml "$property")) differs from pom.xml's ($(pom_property pom.xml "$property"))"
done
[ "$(pom_property bom/pom.xml version)" = "$(pom_property pom.xml version)" ] \
  || die "bom/pom.xml's version differs from the project's (docs/release.md)"

for example in examples/*/; do
  [ "$(pom_property "$example/pom.xml" fedledger.version)" = "$(pom_property pom.xml version)" ] \
    || die "${example}pom.xml's fedledger.version differs from the project's version"
  log "example ${example%/}: build and test against the installed artifacts"
  (cd "$example" && mvn -B -ntp -o "${maven_repo_args[@]}" test)
done
