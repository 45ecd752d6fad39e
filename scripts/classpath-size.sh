#!/usr/bin/env bash
# Measures what a trainer's own project pulls in, as a hospital's build resolves it: a scratch Maven
# project importing fedledger-bom and declaring the trainer's artifacts, resolved offline against the
# artifacts the last 'mvn install' put in the local repository. Prints jars and MiB of the compile and
# runtime class paths, for a trainer on Fabric and one on the embedded ledger (docs/sdk.md).
#
#   scripts/classpath-size.sh [--maven-repo DIR]
#
#   --maven-repo DIR   the local Maven repository the root build installed into (default: Maven's own)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

parse_maven_repo_flag "$@"
version=$(pom_property "$FEDLEDGER_ROOT/pom.xml" version)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# measure LABEL SCOPE ARTIFACT[:SCOPE]...
measure() {
  local label=$1 scope=$2 deps="" a; shift 2
  for a in "$@"; do
    deps+="<dependency><groupId>org.fedledger</groupId><artifactId>${a%%:*}</artifactId>"
    [ "${a#*:}" = "$a" ] || deps+="<scope>${a#*:}</scope>"
    deps+="</dependency>"
  done
  cat > "$scratch/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>measure</groupId><artifactId>trainer</artifactId><version>1</version>
<dependencyManagement><dependencies><dependency><groupId>org.fedledger</groupId><artifactId>fedledger-bom</artifactId>
<version>$version</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>
<dependencies>$deps</dependencies></project>
POM
  (cd "$scratch" && mvn -B -ntp -q -o "${maven_repo_args[@]}" dependency:build-classpath "-DincludeScope=$scope" \
    -Dmdep.outputFile=classpath.txt >/dev/null)
  tr ':' '\n' < "$scratch/classpath.txt" | grep '\.jar$' > "$scratch/jars.txt" || true
  local count bytes
  count=$(wc -l < "$scratch/jars.txt")
  bytes=$( (xargs -r du -cb < "$scratch/jars.txt" | tail -n 1 | cut -f1) || echo 0)
  printf '%-52s %-8s %3d jars %6.1f MiB%s\n' "$label" "$scope" "$count" "$(awk -v b="${bytes:-0}" 'BEGIN { print b / 1048576 }')" \
    "$(grep -q fabric-chaincode-shim "$scratch/jars.txt" && echo '  (shim included)' || true)"
}

for scope in compile runtime; do
  measure "Fabric: client-sdk, fl-trainer" "$scope" client-sdk fl-trainer
  measure "embedded: client-sdk, fl-trainer, embedded-ledger" "$scope" client-sdk fl-trainer embedded-ledger
  measure "embedded: ... embedded-ledger at runtime scope" "$scope" client-sdk fl-trainer embedded-ledger:runtime
done
