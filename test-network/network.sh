#!/usr/bin/env bash
# The local FedLedger network: three peer organisations (one peer each), three Raft orderers, one
# channel, the FedLedger chaincode as a service (one chaincode server per organisation). Native
# processes on 127.0.0.1; ports and folders in network-config/network.env.
#
#   test-network/network.sh up        generate crypto and the channel, start orderers and peers, join them
#   test-network/network.sh deploy    package, install, approve and commit the chaincode; start its servers
#   test-network/network.sh down      stop every process this script started (by pid) and remove the state
#   test-network/network.sh status    each process: pid, alive, health; the chaincode definition
#   test-network/network.sh logs [NAME] [--lines N]   tail of one process's log (or of every log)
#
# Fabric binaries come from $FABRIC_HOME (or PATH): see scripts/fedledger.sh install-fabric.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
source "$FEDLEDGER_ROOT/scripts/lib/fabric.sh"

CONFIG_DIR="$FEDLEDGER_ROOT/network-config"
CRYPTO="$NETWORK_HOME/crypto"
PIDS="$NETWORK_HOME/pids"
LOGS="$NETWORK_HOME/logs"
ORGS=(1 2 3)
ORDERER_NODES=(1 2 3)
ORDERER_DOMAIN=orderer.fedledger.local

usage() { usage_of "${BASH_SOURCE[0]}"; }

# ---- names, ports and paths -----------------------------------------------------------------

orderer_port()       { echo $((ORDERER_PORT_BASE + $1 - 1)); }
orderer_admin_port() { echo $((ORDERER_ADMIN_PORT_BASE + $1 - 1)); }
orderer_ops_port()   { echo $((ORDERER_OPS_PORT_BASE + $1 - 1)); }
peer_port()          { echo $((PEER_PORT_BASE + ($1 - 1) * 10)); }
peer_cc_port()       { echo $((PEER_CHAINCODE_PORT_BASE + ($1 - 1) * 10)); }
peer_ops_port()      { echo $((PEER_OPS_PORT_BASE + ($1 - 1) * 10)); }
cc_server_port()     { echo $((CHAINCODE_SERVER_PORT_BASE + $1 - 1)); }

org_domain()   { echo "org$1.fedledger.local"; }
org_dir()      { echo "$CRYPTO/peerOrganizations/$(org_domain "$1")"; }
peer_dir()     { echo "$(org_dir "$1")/peers/peer0.$(org_domain "$1")"; }
orderer_dir()  { echo "$CRYPTO/ordererOrganizations/$ORDERER_DOMAIN/orderers/orderer$1.$ORDERER_DOMAIN"; }
orderer_tlsca() { echo "$CRYPTO/ordererOrganizations/$ORDERER_DOMAIN/tlsca/tlsca.$ORDERER_DOMAIN-cert.pem"; }
orderer_admin_tls() { echo "$CRYPTO/ordererOrganizations/$ORDERER_DOMAIN/users/Admin@$ORDERER_DOMAIN/tls"; }

every_port() {
  local i
  for i in "${ORDERER_NODES[@]}"; do orderer_port "$i"; orderer_admin_port "$i"; orderer_ops_port "$i"; done
  for i in "${ORGS[@]}"; do peer_port "$i"; peer_cc_port "$i"; peer_ops_port "$i"; cc_server_port "$i"; done
}

# ---- processes ------------------------------------------------------------------------------

pid_of() { [ -f "$PIDS/$1.pid" ] && cat "$PIDS/$1.pid"; }

# True when NAME's recorded pid is alive and still runs the program it was started as.
alive() {
  local pid exe
  pid=$(pid_of "$1") || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  exe=$(cat "$PIDS/$1.exe" 2>/dev/null) || return 0
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$exe"
}

any_alive() {
  local f
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    alive "$(basename "$f" .pid)" && return 0
  done
  return 1
}

# start NAME ENV... -- PROGRAM ARGS...: runs PROGRAM in its own session, with only the given
# environment, logging to logs/NAME.log; records its pid and program for `down` and `status`.
start() {
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  mkdir -p "$PIDS" "$LOGS"
  env -i PATH="$PATH" HOME="$HOME" "${envs[@]}" setsid "$@" > "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name.pid"
  printf '%s\n' "$1" > "$PIDS/$name.exe"
}

died() {
  local name=$1
  printf '[%s] ERROR: %s exited; last lines of %s:\n' "$(date +%H:%M:%S)" "$name" "$LOGS/$name.log" >&2
  tail -n 25 "$LOGS/$name.log" >&2 || true
  exit 1
}

# wait_for NAME WHAT COMMAND...: retries COMMAND until it succeeds, NAME dies (log tail) or time runs out.
wait_for() {
  local name=$1 what=$2; shift 2
  local deadline=$((SECONDS + NETWORK_WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    alive "$name" || died "$name"
    [ $SECONDS -lt $deadline ] || die "$name: $what not reached within ${NETWORK_WAIT_SECONDS} s (log: $LOGS/$name.log)"
    sleep 0.2
  done
}

healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$1/healthz" | grep -q '"status":"OK"'; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A peer's Prometheus gauge for the channel, e.g. metric 7153 gossip_membership_total_peers_known.
metric() {
  curl -fsS --max-time 2 "http://127.0.0.1:$1/metrics" \
    | sed -n "s/^$2{.*channel=\"$CHANNEL_NAME\".*} \([0-9.e+]*\)$/\1/p" | head -n 1
}
metric_at_least() { local v; v=$(metric "$1" "$2"); [ -n "$v" ] && awk -v v="$v" -v min="$3" 'BEGIN { exit !(v >= min) }'; }

# ---- peer CLI as an organisation's admin -----------------------------------------------------

as_admin() {
  local org=$1; shift
  env FABRIC_CFG_PATH="$FABRIC_ROOT/config" \
    CORE_PEER_LOCALMSPID="Org${org}MSP" \
    CORE_PEER_MSPCONFIGPATH="$(org_dir "$org")/users/Admin@$(org_domain "$org")/msp" \
    CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$org")" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$(peer_dir "$org")/tls/ca.crt" \
    "$@"
}

orderer_flags() {
  echo -o "127.0.0.1:$(orderer_port 1)" --tls --cafile "$(orderer_tlsca)"
}

# ---- up ---------------------------------------------------------------------------------------

check_ports_free() {
  local port holder
  for port in $(every_port); do
    if listening "$port"; then
      holder=$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\).*/\1/p' | head -n 1)
      die "port 127.0.0.1:$port is in use${holder:+ by $holder}; stop that process or change the ports in network-config/network.env"
    fi
  done
}

start_orderer() {
  local i=$1 dir tls
  dir=$(orderer_dir "$i"); tls="$dir/tls"
  mkdir -p "$NETWORK_HOME/orderer$i"
  start "orderer$i" \
    FABRIC_CFG_PATH="$FABRIC_ROOT/config" \
    FABRIC_LOGGING_SPEC=info \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 \
    ORDERER_GENERAL_LISTENPORT="$(orderer_port "$i")" \
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP \
    ORDERER_GENERAL_LOCALMSPDIR="$dir/msp" \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$tls/server.crt" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$tls/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$(orderer_admin_port "$i")" \
    ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$tls/server.key" \
    ORDERER_ADMIN_TLS_CERTIFICATE="$tls/server.crt" \
    ORDERER_ADMIN_TLS_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$tls/ca.crt]" \
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$(orderer_ops_port "$i")" \
    ORDERER_METRICS_PROVIDER=prometheus \
    ORDERER_FILELEDGER_LOCATION="$NETWORK_HOME/orderer$i/ledger" \
    ORDERER_CONSENSUS_WALDIR="$NETWORK_HOME/orderer$i/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$NETWORK_HOME/orderer$i/snap" \
    -- "$FABRIC_ROOT/bin/orderer"
}

start_peer() {
  local i=$1 dir
  dir=$(peer_dir "$i")
  mkdir -p "$NETWORK_HOME/peer$i"
  start "peer$i" \
    FABRIC_CFG_PATH="$FABRIC_ROOT/config" \
    FABRIC_LOGGING_SPEC="info:gossip=warning:msp=warning" \
    CORE_PEER_ID="peer0.$(org_domain "$i")" \
    CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$i")" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$(peer_port "$i")" \
    CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$(peer_cc_port "$i")" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$(peer_cc_port "$i")" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$(peer_port "$i")" \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$(peer_port "$i")" \
    CORE_PEER_GOSSIP_RECONNECTINTERVAL=2s \
    CORE_PEER_LOCALMSPID="Org${i}MSP" \
    CORE_PEER_MSPCONFIGPATH="$dir/msp" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" \
    CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="$NETWORK_HOME/peer$i/data" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$NETWORK_HOME/peer$i/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$(peer_ops_port "$i")" \
    CORE_METRICS_PROVIDER=prometheus \
    CORE_VM_ENDPOINT= \
    CORE_CHAINCODE_EXTERNALBUILDERS="[{\"name\":\"ccaas\",\"path\":\"$FABRIC_ROOT/builders/ccaas\",\"propagateEnvironment\":[\"CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG\"]}]" \
    CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG="{\"ccport\":\"$(cc_server_port "$i")\"}" \
    -- "$FABRIC_ROOT/bin/peer" node start
}

join_orderer() {
  local i=$1 tls
  tls=$(orderer_admin_tls)
  osnadmin channel join --channelID "$CHANNEL_NAME" --config-block "$NETWORK_HOME/channel/$CHANNEL_NAME.block" \
    -o "127.0.0.1:$(orderer_admin_port "$i")" --ca-file "$(orderer_tlsca)" \
    --client-cert "$tls/client.crt" --client-key "$tls/client.key" > "$LOGS/join-orderer$i.log" 2>&1 \
    || { cat "$LOGS/join-orderer$i.log" >&2; die "orderer$i did not join channel $CHANNEL_NAME"; }
}

join_peer() {
  local i=$1 deadline=$((SECONDS + NETWORK_WAIT_SECONDS))
  # The orderers may still be electing a leader: the join's block fetch is retried until then.
  until as_admin "$i" peer channel join -b "$NETWORK_HOME/channel/$CHANNEL_NAME.block" > "$LOGS/join-peer$i.log" 2>&1; do
    alive "peer$i" || died "peer$i"
    [ $SECONDS -lt $deadline ] || { cat "$LOGS/join-peer$i.log" >&2; die "peer$i did not join channel $CHANNEL_NAME"; }
    sleep 0.5
  done
}

cmd_up() {
  require_fabric
  command -v curl >/dev/null || die "curl is needed to read the health and metrics endpoints"
  if [ -d "$PIDS" ] && any_alive; then
    die "the network is already running (state in $NETWORK_HOME); 'test-network/network.sh down' first"
  fi
  check_ports_free
  rm -rf "$NETWORK_HOME"
  mkdir -p "$NETWORK_HOME/channel" "$PIDS" "$LOGS"
  local t0=$SECONDS i

  cryptogen generate --config="$CONFIG_DIR/crypto-config.yaml" --output="$CRYPTO" > "$LOGS/cryptogen.log" 2>&1 \
    || { cat "$LOGS/cryptogen.log" >&2; die "cryptogen failed"; }
  for i in "${ORDERER_NODES[@]}"; do export "ORDERER${i}_PORT=$(orderer_port "$i")"; done
  for i in "${ORGS[@]}"; do export "PEER${i}_PORT=$(peer_port "$i")"; done
  perl -pe 's/\$\{(\w+)\}/defined $ENV{$1} ? $ENV{$1} : die "configtx.yaml: $1 is not set\n"/ge' \
    "$CONFIG_DIR/configtx.yaml" > "$NETWORK_HOME/configtx.yaml"
  configtxgen -configPath "$NETWORK_HOME" -profile FedLedgerChannel -channelID "$CHANNEL_NAME" \
    -outputBlock "$NETWORK_HOME/channel/$CHANNEL_NAME.block" > "$LOGS/configtxgen.log" 2>&1 \
    || { cat "$LOGS/configtxgen.log" >&2; die "configtxgen failed"; }
  log "crypto and channel block generated ($((SECONDS - t0)) s)"

  for i in "${ORDERER_NODES[@]}"; do start_orderer "$i"; done
  for i in "${ORGS[@]}"; do start_peer "$i"; done
  for i in "${ORDERER_NODES[@]}"; do wait_for "orderer$i" "health" healthy "$(orderer_ops_port "$i")"; done
  for i in "${ORGS[@]}"; do wait_for "peer$i" "health" healthy "$(peer_ops_port "$i")"; done
  log "3 orderers and 3 peers healthy ($((SECONDS - t0)) s)"

  for i in "${ORDERER_NODES[@]}"; do join_orderer "$i"; done
  local pids=()
  for i in "${ORGS[@]}"; do join_peer "$i" & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i"; done
  # Ready when every peer has the channel's genesis block and knows both other peers through gossip
  # (cross-organisation endorsement through the gateway needs that membership).
  for i in "${ORGS[@]}"; do
    wait_for "peer$i" "channel height 1" metric_at_least "$(peer_ops_port "$i")" ledger_blockchain_height 1
    wait_for "peer$i" "gossip membership of 2 other peers" \
      metric_at_least "$(peer_ops_port "$i")" gossip_membership_total_peers_known 2
  done
  write_connection_profiles
  log "network up: channel '$CHANNEL_NAME' on 3 orderers and 3 peers in $((SECONDS - t0)) s"
}

# One properties file per organisation for clients (the integration tests, the SDK): where its peer's
# gateway listens, the TLS CA to trust, and where cryptogen put its users' certificates and keys.
write_connection_profiles() {
  local i j others cas
  mkdir -p "$NETWORK_HOME/connection"
  for i in "${ORGS[@]}"; do
    others=""; cas=""
    for j in "${ORGS[@]}"; do
      [ "$j" = "$i" ] && continue
      others+="${others:+,}127.0.0.1:$(peer_port "$j")"; cas+="${cas:+,}$(peer_dir "$j")/tls/ca.crt"
    done
    cat > "$NETWORK_HOME/connection/org$i.properties" <<EOF_PROFILE
# Org$i of the local FedLedger network (written by test-network/network.sh up)
mspId=Org${i}MSP
peerEndpoint=127.0.0.1:$(peer_port "$i")
peerOperations=127.0.0.1:$(peer_ops_port "$i")
tlsCaCertificate=$(peer_dir "$i")/tls/ca.crt
usersDirectory=$(org_dir "$i")/users
domain=$(org_domain "$i")
channel=$CHANNEL_NAME
chaincode=$CHAINCODE_NAME
# The other organisations' peers, for reads while this one is down (in this order), and their TLS CAs
failoverPeers=$others
failoverTlsCaCertificates=$cas
EOF_PROFILE
  done
}

# ---- deploy -----------------------------------------------------------------------------------

chaincode_jar() { echo "$FEDLEDGER_ROOT/chaincode/target/chaincode.jar"; }

# The chaincode-as-a-service package: connection.json points each peer at its own organisation's
# server through the {{.ccport}} field, which the ccaas builder fills from the peer's environment.
# Built once with fixed timestamps and owners, then installed on every peer: one package id.
build_package() {
  local dir="$NETWORK_HOME/package"
  rm -rf "$dir"; mkdir -p "$dir/src"
  printf '{"address":"127.0.0.1:{{.ccport}}","dial_timeout":"10s","tls_required":false}\n' > "$dir/src/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$CHAINCODE_LABEL" > "$dir/metadata.json"
  local tar_flags=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)
  tar -C "$dir/src" "${tar_flags[@]}" -cf - connection.json | gzip -n > "$dir/code.tar.gz"
  tar -C "$dir" "${tar_flags[@]}" -cf - code.tar.gz metadata.json | gzip -n > "$dir/$CHAINCODE_LABEL.tgz"
  echo "$dir/$CHAINCODE_LABEL.tgz"
}

start_chaincode_server() {
  local i=$1 package_id=$2 java
  java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  # A clean environment: a stray CORE_PEER_TLS_ENABLED would turn the shim's server TLS on.
  # shellcheck disable=SC2086
  start "chaincode$i" \
    CHAINCODE_SERVER_ADDRESS="127.0.0.1:$(cc_server_port "$i")" \
    CORE_CHAINCODE_ID_NAME="$package_id" \
    CORE_CHAINCODE_LOGGING_SHIM=warning \
    CORE_CHAINCODE_LOGGING_LEVEL=info \
    -- "$(command -v "$java")" $CHAINCODE_JAVA_OPTS -jar "$(chaincode_jar)"
}

committed_sequence() {
  as_admin 1 peer lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" 2>/dev/null \
    | sed -n 's/.*Sequence: \([0-9]*\).*/\1/p' | head -n 1
}

cmd_deploy() {
  require_fabric
  local i t0=$SECONDS
  for i in "${ORGS[@]}"; do alive "peer$i" || die "peer$i is not running: 'test-network/network.sh up' first"; done
  if [ ! -f "$(chaincode_jar)" ]; then
    log "building chaincode.jar"
    (cd "$FEDLEDGER_ROOT" && mvn -B -ntp -q -pl chaincode -am package -DskipTests) || die "building chaincode.jar failed"
  fi
  local package package_id sequence
  package=$(build_package)
  package_id=$(as_admin 1 peer lifecycle chaincode calculatepackageid "$package")
  local pids=()
  for i in "${ORGS[@]}"; do
    ( as_admin "$i" peer lifecycle chaincode install "$package" > "$LOGS/install-peer$i.log" 2>&1 \
        || { cat "$LOGS/install-peer$i.log" >&2; exit 1; } ) & pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || die "installing the chaincode package failed (logs in $LOGS)"; done
  log "package $package_id installed on 3 peers ($((SECONDS - t0)) s)"

  # Servers start now, while the definition is approved: they must listen before the first invocation.
  for i in "${ORGS[@]}"; do
    if alive "chaincode$i"; then kill "$(pid_of "chaincode$i")"; fi
    start_chaincode_server "$i" "$package_id"
  done

  sequence=$(( $(committed_sequence || true) + 1 ))
  local common=(--channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" --version "${CHAINCODE_LABEL#*_}"
    --sequence "$sequence" --collections-config "$CONFIG_DIR/collections.json")
  pids=()
  for i in "${ORGS[@]}"; do
    # shellcheck disable=SC2046
    ( as_admin "$i" peer lifecycle chaincode approveformyorg $(orderer_flags) "${common[@]}" --package-id "$package_id" \
        > "$LOGS/approve-org$i.log" 2>&1 || { cat "$LOGS/approve-org$i.log" >&2; exit 1; } ) & pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || die "approving the chaincode definition failed (logs in $LOGS)"; done
  local peers=()
  for i in "${ORGS[@]}"; do
    peers+=(--peerAddresses "127.0.0.1:$(peer_port "$i")" --tlsRootCertFiles "$(peer_dir "$i")/tls/ca.crt")
  done
  # shellcheck disable=SC2046
  as_admin 1 peer lifecycle chaincode commit $(orderer_flags) "${common[@]}" "${peers[@]}" > "$LOGS/commit.log" 2>&1 \
    || { cat "$LOGS/commit.log" >&2; die "committing the chaincode definition failed"; }
  log "definition '$CHAINCODE_NAME' sequence $sequence committed ($((SECONDS - t0)) s)"

  for i in "${ORGS[@]}"; do wait_for "chaincode$i" "listening on $(cc_server_port "$i")" listening "$(cc_server_port "$i")"; done
  # Ready when each organisation's peer runs a query on its own chaincode server.
  for i in "${ORGS[@]}"; do
    wait_for "peer$i" "a query through the chaincode" \
      as_admin "$i" peer chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -c '{"Args":["whoAmI"]}'
  done
  printf '%s\n' "$package_id" > "$NETWORK_HOME/package-id"
  log "chaincode deployed and answering on 3 organisations in $((SECONDS - t0)) s"
}

# ---- down, status, logs -------------------------------------------------------------------------

cmd_down() {
  local f name pid stopped=0
  if [ -d "$PIDS" ]; then
    for f in "$PIDS"/*.pid; do
      [ -e "$f" ] || continue
      name=$(basename "$f" .pid)
      if alive "$name"; then
        pid=$(pid_of "$name")
        kill "$pid" 2>/dev/null || true
        stopped=$((stopped + 1))
      fi
    done
    local deadline=$((SECONDS + 15))
    for f in "$PIDS"/*.pid; do
      [ -e "$f" ] || continue
      name=$(basename "$f" .pid)
      while alive "$name" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
      if alive "$name"; then warn "$name did not stop on TERM; killing it"; kill -9 "$(pid_of "$name")" 2>/dev/null || true; fi
    done
  fi
  rm -rf "$NETWORK_HOME"
  log "network down: $stopped processes stopped, $NETWORK_HOME removed"
}

cmd_status() {
  [ -d "$PIDS" ] || { log "the network is not up (no $PIDS)"; return 3; }
  local f name pid state health port rss down=0
  printf '%-12s %-8s %-6s %-9s %s\n' NAME PID STATE RSS_MIB HEALTH
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid); pid=$(pid_of "$name")
    health=-; rss=-
    if alive "$name"; then
      state=up
      rss=$(( $(ps -o rss= -p "$pid" 2>/dev/null || echo 0) / 1024 ))
      case "$name" in
        orderer*) port=$(orderer_ops_port "${name#orderer}") ;;
        peer*) port=$(peer_ops_port "${name#peer}") ;;
        chaincode*) port="" ; listening "$(cc_server_port "${name#chaincode}")" && health=listening || health=closed ;;
      esac
      if [ -n "${port:-}" ]; then healthy "$port" && health=OK || health=failing; fi
    else
      state=DEAD; down=$((down + 1))
    fi
    printf '%-12s %-8s %-6s %-9s %s\n' "$name" "$pid" "$state" "$rss" "$health"
    port=""
  done
  [ -f "$NETWORK_HOME/package-id" ] && log "chaincode package: $(cat "$NETWORK_HOME/package-id")"
  [ "$down" -eq 0 ] || return 1
}

cmd_logs() {
  local name="" lines=40
  while [ $# -gt 0 ]; do
    case "$1" in
      --lines) lines=${2:?--lines needs a number}; shift ;;
      *) name=$1 ;;
    esac
    shift
  done
  [ -d "$LOGS" ] || die "no logs: the network is not up"
  if [ -n "$name" ]; then
    [ -f "$LOGS/$name.log" ] || die "no log named $name; there are: $(cd "$LOGS" && ls | sed 's/\.log$//' | tr '\n' ' ')"
    tail -n "$lines" "$LOGS/$name.log"
  else
    local f
    for f in "$LOGS"/*.log; do printf '==> %s <==\n' "$(basename "$f" .log)"; tail -n "$lines" "$f"; done
  fi
}

action=${1:-}
[ -n "$action" ] || { usage; exit 2; }
shift
case "$action" in
  up) cmd_up "$@" ;;
  deploy) cmd_deploy "$@" ;;
  down) cmd_down "$@" ;;
  status) cmd_status "$@" ;;
  logs) cmd_logs "$@" ;;
  -h|--help|help) usage ;;
  *) printf 'unknown action: %s\n\n' "$action" >&2; usage >&2; exit 2 ;;
esac
