#!/usr/bin/env bash
# The local FedLedger network: three peer organisations (one peer each; `add-org` adds more), three
# Raft orderers, one channel, the FedLedger chaincode as a service (one chaincode server per
# organisation, mutual TLS with its organisation's peer). Native processes on 127.0.0.1; ports and folders in
# network-config/network.env.
#
#   test-network/network.sh up [--force]   generate crypto and the channel, start orderers and peers, join them;
#                                          refuses when a network exists in $NETWORK_HOME (--force replaces it)
#   test-network/network.sh deploy [--upgrade [--label LABEL]]
#                                          package, install, approve and commit the chaincode; start its servers.
#                                          Again on a deployed network: says so and only starts missing servers.
#                                          --upgrade: a new package (LABEL, default the current label + .SEQ)
#                                          from chaincode/target/chaincode.jar as it is now, at sequence + 1
#   test-network/network.sh stop    [--peer N] [--orderer N] [--chaincode N]   stop the network, or the named
#                                          processes, keeping crypto, channel and ledgers
#   test-network/network.sh start   [--peer N] [--orderer N] [--chaincode N]   start what is stopped and wait
#                                          until it has caught up (same height, Raft leader, chaincode answering)
#   test-network/network.sh restart [--peer N] [--orderer N] [--chaincode N]   stop, then start
#   test-network/network.sh add-org [N]   a new organisation OrgN (default: the next number) joins the running
#                                          channel: its crypto, a channel update signed by a majority of the
#                                          admins, its peer joined, and (once deployed) the chaincode at
#                                          sequence + 1 with OrgN's own collections and its chaincode server
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

# The ports and names a network was created with stay its own: `up` records them here and every other
# action reads them back, so that a stop and start from a shell with other settings cannot move it.
SETTINGS="$NETWORK_HOME/settings.env"
SETTING_NAMES=(ORDERER_PORT_BASE ORDERER_ADMIN_PORT_BASE ORDERER_OPS_PORT_BASE PEER_PORT_BASE
  PEER_CHAINCODE_PORT_BASE PEER_OPS_PORT_BASE CHAINCODE_SERVER_PORT_BASE CHANNEL_NAME CHAINCODE_NAME)

record_settings() {
  local name
  for name in "${SETTING_NAMES[@]}"; do printf '%s=%q\n' "$name" "${!name}"; done > "$SETTINGS"
}

load_settings() {
  [ -f "$SETTINGS" ] || return 0
  local name differ=()
  declare -A before=()
  for name in "${SETTING_NAMES[@]}"; do before[$name]=${!name}; done
  # shellcheck disable=SC1090
  source "$SETTINGS"
  for name in "${SETTING_NAMES[@]}"; do [ "${before[$name]}" = "${!name}" ] || differ+=("$name=${!name}"); done
  [ ${#differ[@]} -eq 0 ] || log "using the settings this network was created with: ${differ[*]}"
}

# The organisations in the channel: `up` writes the three of configtx.yaml, `add-org` appends each
# one that joins, and every other action reads the list back.
ORG_LIST="$NETWORK_HOME/organisations"
record_organisations() { printf '%s\n' "${ORGS[*]}" > "$ORG_LIST"; }
load_organisations() {
  [ -f "$ORG_LIST" ] || return 0
  read -r -a ORGS < "$ORG_LIST"
}

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
org_tlsca()    { echo "$(org_dir "$1")/tlsca/tlsca.$(org_domain "$1")-cert.pem"; }
# ORG's chaincode server's TLS key, certificate and the CA it trusts for clients (docs/threat-model.md).
chaincode_tls_dir() { echo "$(org_dir "$1")/chaincode/tls"; }

every_port() {
  local i
  for i in "${ORDERER_NODES[@]}"; do orderer_port "$i"; orderer_admin_port "$i"; orderer_ops_port "$i"; done
  for i in "${ORGS[@]}"; do peer_port "$i"; peer_cc_port "$i"; peer_ops_port "$i"; cc_server_port "$i"; done
}

# ---- processes ------------------------------------------------------------------------------

pid_of() { [ -f "$PIDS/$1.pid" ] && cat "$PIDS/$1.pid"; }

# True while PID exists and is not a zombie.
pid_running() {
  local state
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# True when NAME's recorded pid is alive and still runs the program it was started as. Its command
# line reads empty for a moment while `env` and `setsid` exec into the program, and before that, just
# after the fork, it is still this script's own: both count as alive.
alive() {
  local pid exe cmd
  pid=$(pid_of "$1") || return 1
  [ -n "$pid" ] && pid_running "$pid" || return 1
  exe=$(cat "$PIDS/$1.exe" 2>/dev/null) || return 0
  cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
  [ -z "$cmd" ] || [[ "$cmd" == *"$exe"* ]] || [ "$cmd" = "$(tr '\0' ' ' < "/proc/$$/cmdline")" ]
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

# stop_processes NAME...: TERM each named process that is alive, then KILL what still runs after 15 s.
# Prints how many were running.
# A process that is exiting has an empty /proc/PID/cmdline while it still holds its ports, so the
# wait is for the pid itself to be gone, not only for `alive` to turn false.
stop_processes() {
  local name pid stopped=0 deadline pids=() names=() k
  for name in "$@"; do
    if alive "$name"; then
      pid=$(pid_of "$name")
      kill "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name")
      stopped=$((stopped + 1))
    fi
  done
  deadline=$((SECONDS + 15))
  for k in ${pids[@]+"${!pids[@]}"}; do
    while pid_running "${pids[$k]}" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if pid_running "${pids[$k]}"; then
      warn "${names[$k]} did not stop on TERM; killing it"
      kill -9 "${pids[$k]}" 2>/dev/null || true
      while pid_running "${pids[$k]}" && [ $SECONDS -lt $((deadline + 5)) ]; do sleep 0.1; done
    fi
  done
  echo "$stopped"
}

# True when $NETWORK_HOME holds a network (running or stopped) that `up` made.
network_exists() { [ -d "$CRYPTO" ] || [ -d "$PIDS" ]; }

require_network() {
  network_exists || die "no network in $NETWORK_HOME: 'test-network/network.sh up' first"
}

deployed() { [ -f "$NETWORK_HOME/package-id" ]; }

# Every process of the network, in start order: orderers, peers, then (once deployed) chaincode servers.
every_process() {
  local i
  for i in "${ORDERER_NODES[@]}"; do echo "orderer$i"; done
  for i in "${ORGS[@]}"; do echo "peer$i"; done
  if deployed; then for i in "${ORGS[@]}"; do echo "chaincode$i"; done; fi
}

# select_processes FLAGS...: sets SELECTED to the processes named by --peer N, --orderer N and
# --chaincode N (each may repeat), in start order; to every process without flags.
select_processes() {
  local flag n named=() name
  while [ $# -gt 0 ]; do
    flag=$1; n=${2:-}
    case "$flag" in
      --peer|--orderer|--chaincode) ;;
      *) die "unknown flag: $flag (try --help)" ;;
    esac
    local valid=("${ORGS[@]}")
    [ "$flag" != --orderer ] || valid=("${ORDERER_NODES[@]}")
    printf '%s\n' "${valid[@]}" | grep -qx -- "$n" || die "$flag needs one of ${valid[*]}, not '${n}'"
    if [ "$flag" = --chaincode ] && ! deployed; then die "the chaincode is not deployed: 'test-network/network.sh deploy' first"; fi
    named+=("${flag#--}$n")
    shift 2
  done
  SELECTED=()
  for name in $(every_process); do
    if [ ${#named[@]} -eq 0 ] || printf '%s\n' "${named[@]}" | grep -qx "$name"; then SELECTED+=("$name"); fi
  done
}

# The operations port of an orderer or a peer.
ops_port_of() {
  case "$1" in
    orderer*) orderer_ops_port "${1#orderer}" ;;
    peer*) peer_ops_port "${1#peer}" ;;
    *) return 1 ;;
  esac
}

# The channel height an orderer or a peer reports now (nothing when it does not answer).
height_of() {
  local v
  v=$(metric "$(ops_port_of "$1")" ledger_blockchain_height 2>/dev/null) || return 0
  [ -z "$v" ] || awk -v v="$v" 'BEGIN { printf "%d\n", v }'
}

# The height NAME must reach when it starts again: what it had when it stopped, or what the running
# processes of its kind (orderers, peers) have now, whichever is higher.
catch_up_height() {
  local name=$1 kind=${1%%[0-9]*} best=0 h other
  [ ! -f "$NETWORK_HOME/heights/$name" ] || best=$(cat "$NETWORK_HOME/heights/$name")
  for other in $(every_process); do
    [ "${other%%[0-9]*}" = "$kind" ] && [ "$other" != "$name" ] || continue
    alive "$other" || continue
    h=$(height_of "$other")
    if [ -n "$h" ] && [ "$h" -gt "$best" ]; then best=$h; fi
  done
  echo "$best"
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

# What ORG's peer's ccaas builder fills into the package's connection.json: the port of its own
# organisation's chaincode server, the CA that server's certificate must chain to, and the peer's own
# TLS key and certificate, which it presents as the client (the builder takes PEM text, not paths).
chaincode_builder_config() {
  local i=$1 tls
  tls="$(peer_dir "$i")/tls"
  jq -nc --arg ccport "$(cc_server_port "$i")" --rawfile root_cert "$(chaincode_tls_dir "$i")/ca.crt" \
    --rawfile client_cert "$tls/server.crt" --rawfile client_key "$tls/server.key" \
    '{ccport: $ccport, root_cert: $root_cert, client_cert: $client_cert, client_key: $client_key}'
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
    CORE_PEER_GOSSIP_PVTDATA_RECONCILESLEEPINTERVAL="$PEER_RECONCILE_INTERVAL" \
    CORE_PEER_GOSSIP_PVTDATA_PULLRETRYTHRESHOLD="$PEER_PVTDATA_PULL_RETRY" \
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
    CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG="$(chaincode_builder_config "$i")" \
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

# Issues ORG's chaincode server a TLS key and certificate (for 127.0.0.1) from the organisation's TLS
# CA, which cryptogen made, and copies that CA's certificate beside them: the peer checks the server
# against it and the server accepts only clients whose certificate it issued (the peer's own TLS
# certificate). Created owner-only (umask 077): key and certificate 0600, folder 0700.
issue_chaincode_tls() {
  local i=$1 dir ca_key
  dir=$(chaincode_tls_dir "$i"); ca_key="$(org_dir "$i")/tlsca/priv_sk"
  ( umask 077
    mkdir -p "$dir"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/server.key"
    openssl req -new -key "$dir/server.key" -subj "/O=$(org_domain "$i")/CN=chaincode.$(org_domain "$i")" \
      -out "$dir/server.csr"
    openssl x509 -req -in "$dir/server.csr" -CA "$(org_tlsca "$i")" -CAkey "$ca_key" \
      -set_serial "0x$(openssl rand -hex 16)" -days 3650 -sha256 -out "$dir/server.crt" \
      -extfile <(printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth")
    rm -f "$dir/server.csr"
    cp "$(org_tlsca "$i")" "$dir/ca.crt"
    # The shim also builds a client channel it never dials in server mode, from base64 of the PEM files.
    base64 -w0 "$dir/server.key" > "$dir/server.key.b64"
    base64 -w0 "$dir/server.crt" > "$dir/server.crt.b64"
  ) > "$LOGS/chaincode-tls-org$i.log" 2>&1 || { cat "$LOGS/chaincode-tls-org$i.log" >&2; die "issuing Org$i's chaincode server TLS certificate failed"; }
}

cmd_up() {
  local force=false
  while [ $# -gt 0 ]; do
    case "$1" in
      --force) force=true ;;
      *) die "unknown flag for up: $1 (try --help)" ;;
    esac
    shift
  done
  require_fabric
  command -v curl >/dev/null || die "curl is needed to read the health and metrics endpoints"
  command -v openssl >/dev/null || die "openssl is needed to issue the chaincode servers' TLS certificates"
  command -v jq >/dev/null || die "jq is needed to hand each peer its chaincode TLS material"
  if network_exists; then
    local state=stopped
    if [ -d "$PIDS" ] && any_alive; then state=running; fi
    local hint="'test-network/network.sh down' removes it, 'up --force' replaces it"
    [ "$state" = running ] || hint="'test-network/network.sh start' resumes it, 'down' removes it, 'up --force' replaces it"
    $force || die "a $state network exists in $NETWORK_HOME: $hint"
    log "replacing the $state network in $NETWORK_HOME (--force)"
    remove_network
  fi
  check_ports_free
  rm -rf "$NETWORK_HOME"
  mkdir -p "$NETWORK_HOME/channel" "$PIDS" "$LOGS"
  # Keys, peers' ledgers and private data below: owner-only (docs/threat-model.md, data at rest).
  chmod 700 "$NETWORK_HOME"
  record_settings
  record_organisations
  local t0=$SECONDS i

  cryptogen generate --config="$CONFIG_DIR/crypto-config.yaml" --output="$CRYPTO" > "$LOGS/cryptogen.log" 2>&1 \
    || { cat "$LOGS/cryptogen.log" >&2; die "cryptogen failed"; }
  for i in "${ORGS[@]}"; do issue_chaincode_tls "$i"; done
  chmod -R go-rwx "$CRYPTO"
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

# The definition's collections, written to the network's folder and echoed: the shared pair of
# network-config/collections.json (older tasks' payloads), then each organisation's own pair, which
# that organisation alone is a member of and stores, and its internal collection (hierarchical tasks'
# updates), which only its own members read and write and only its own peers endorse (a collection-level
# endorsement policy), so a transaction that writes nothing else never reaches another organisation's
# peer. Any organisation's peer may endorse a write into the own pair
# (memberOnlyWrite false: a trainer's payload is written for every organisation of its task) and
# pushes it to one member peer at once. memberOnlyRead is false so that a task organisation's client
# whose own peer lacks a copy reads through another task organisation's peer; the chaincode serves
# only the task's organisations, from the copy of the peer's own organisation.
collections_config() {
  local out="$NETWORK_HOME/collections.json" i msp kind
  {
    jq -c '.[]' "$CONFIG_DIR/collections.json"
    for i in "${ORGS[@]}"; do
      msp="Org${i}MSP"
      for kind in updates models; do
        jq -cn --arg name "${kind}_$msp" --arg policy "OR('$msp.member')" '{name: $name, policy: $policy,
          requiredPeerCount: 0, maxPeerCount: 1, blockToLive: 0, memberOnlyRead: false, memberOnlyWrite: false}'
      done
      jq -cn --arg name "internal_$msp" --arg policy "OR('$msp.member')" --arg endorser "OR('$msp.peer')" \
        '{name: $name, policy: $policy, requiredPeerCount: 0, maxPeerCount: 1, blockToLive: 0, memberOnlyRead: true,
          memberOnlyWrite: true, endorsementPolicy: {signaturePolicy: $endorser}}'
    done
  } | jq -s '.' > "$out"
  echo "$out"
}

# The chaincode-as-a-service package LABEL: connection.json points each peer at its own
# organisation's server through the {{.ccport}} field, which the ccaas builder fills from the peer's
# environment. Built once with fixed timestamps and owners, then installed on every peer: one package
# id, the same for the same label on every run.
build_package() {
  local label=$1 dir="$NETWORK_HOME/package"
  rm -rf "$dir"; mkdir -p "$dir/src"
  printf '%s\n' '{"address":"127.0.0.1:{{.ccport}}","dial_timeout":"10s","tls_required":true,"client_auth_required":true,"root_cert":"{{.root_cert}}","client_cert":"{{.client_cert}}","client_key":"{{.client_key}}"}' \
    > "$dir/src/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$label" > "$dir/metadata.json"
  local tar_flags=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)
  tar -C "$dir/src" "${tar_flags[@]}" -cf - connection.json | gzip -n > "$dir/code.tar.gz"
  tar -C "$dir" "${tar_flags[@]}" -cf - code.tar.gz metadata.json | gzip -n > "$dir/$label.tgz"
  echo "$dir/$label.tgz"
}

# ORG's chaincode server, with mutual TLS: it serves the certificate issue_chaincode_tls made and
# refuses, in the handshake, a client without a certificate from the organisation's TLS CA. The shim
# reads its server key and certificate from CORE_TLS_CLIENT_*_FILE and, for a client channel it
# builds but never dials, their base64 from CORE_TLS_CLIENT_*_PATH; the launcher in chaincode.jar
# trusts CORE_PEER_TLS_ROOTCERT_FILE for clients.
start_chaincode_server() {
  local i=$1 package_id=$2 java tls
  java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  tls=$(chaincode_tls_dir "$i")
  [ -f "$tls/server.key" ] || die "no chaincode TLS material in $tls: this network predates mutual TLS; 'up --force' makes a new one"
  # shellcheck disable=SC2086
  start "chaincode$i" \
    CHAINCODE_SERVER_ADDRESS="127.0.0.1:$(cc_server_port "$i")" \
    CORE_CHAINCODE_ID_NAME="$package_id" \
    CORE_PEER_LOCALMSPID="Org${i}MSP" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$tls/ca.crt" \
    CORE_TLS_CLIENT_KEY_FILE="$tls/server.key" \
    CORE_TLS_CLIENT_CERT_FILE="$tls/server.crt" \
    CORE_TLS_CLIENT_KEY_PATH="$tls/server.key.b64" \
    CORE_TLS_CLIENT_CERT_PATH="$tls/server.crt.b64" \
    CORE_CHAINCODE_LOGGING_SHIM=warning \
    CORE_CHAINCODE_LOGGING_LEVEL=info \
    MALLOC_ARENA_MAX="$CHAINCODE_MALLOC_ARENA_MAX" \
    -- "$(command -v "$java")" $CHAINCODE_JAVA_OPTS -jar "$(chaincode_jar)"
}

# The sequence of the committed definition (nothing when there is none).
committed_sequence() {
  as_admin 1 peer lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" --output json 2>/dev/null \
    | jq -r '.sequence // empty' || true
}

# ORG's latest approved definition as "SEQUENCE PACKAGE_ID" (nothing when it approved none).
approved_by() {
  as_admin "$1" peer lifecycle chaincode queryapproved -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" --output json 2>/dev/null \
    | jq -r '"\(.sequence) \(.source.Type.LocalPackage.package_id // "")"' || true
}

installed_on() {
  as_admin "$1" peer lifecycle chaincode queryinstalled --output json 2>/dev/null \
    | jq -e --arg id "$2" '.installed_chaincodes // [] | any(.package_id == $id)' > /dev/null
}

# Installs PACKAGE on every peer that does not have PACKAGE_ID yet.
install_package() {
  local package=$1 package_id=$2 i pids=() fresh=0
  for i in "${ORGS[@]}"; do
    installed_on "$i" "$package_id" && continue
    fresh=$((fresh + 1))
    ( as_admin "$i" peer lifecycle chaincode install "$package" > "$LOGS/install-peer$i.log" 2>&1 \
        || { cat "$LOGS/install-peer$i.log" >&2; exit 1; } ) & pids+=($!)
  done
  for i in ${pids[@]+"${pids[@]}"}; do wait "$i" || die "installing the chaincode package failed (logs in $LOGS)"; done
  INSTALLED_NOW=$fresh
}

# Waits until every server listens and each organisation's peer runs a query on its own server.
await_chaincode() {
  local i
  for i in "${ORGS[@]}"; do wait_for "chaincode$i" "listening on $(cc_server_port "$i")" listening "$(cc_server_port "$i")"; done
  for i in "${ORGS[@]}"; do
    wait_for "peer$i" "a query through the chaincode" \
      as_admin "$i" peer chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -c '{"Args":["whoAmI"]}'
  done
}

# The label of the package the committed definition at sequence COMMITTED runs (from Org1's
# approval of that sequence); the configured label when nothing is committed.
deployed_label() {
  local committed=$1 approved label=$CHAINCODE_LABEL
  if [ -n "$committed" ]; then
    approved=$(approved_by 1)
    if [ "${approved%% *}" = "$committed" ] && [ -n "${approved#* }" ]; then
      label=${approved#* }; label=${label%%:*}
    fi
  fi
  echo "$label"
}

# define_chaincode SEQUENCE PACKAGE_ID LABEL: every organisation approves the definition at SEQUENCE
# (PACKAGE_ID, the collections of every organisation in ORGS), in parallel, and Org1 commits it with
# every peer's endorsement. The channel's lifecycle policy needs a majority of the organisations.
define_chaincode() {
  local sequence=$1 package_id=$2 label=$3 i pids=() peers=()
  local common=(--channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" --version "${label#*_}"
    --sequence "$sequence" --collections-config "$(collections_config)")
  for i in "${ORGS[@]}"; do
    # An organisation that approved this very definition already (an interrupted deploy) is skipped:
    # the peer refuses to approve an uncommitted sequence twice with the same content.
    [ "$(approved_by "$i")" = "$sequence $package_id" ] && continue
    # shellcheck disable=SC2046
    ( as_admin "$i" peer lifecycle chaincode approveformyorg $(orderer_flags) "${common[@]}" --package-id "$package_id" \
        > "$LOGS/approve-org$i.log" 2>&1 || { cat "$LOGS/approve-org$i.log" >&2; exit 1; } ) & pids+=($!)
  done
  for i in ${pids[@]+"${pids[@]}"}; do wait "$i" || die "approving the chaincode definition failed (logs in $LOGS)"; done
  for i in "${ORGS[@]}"; do
    peers+=(--peerAddresses "127.0.0.1:$(peer_port "$i")" --tlsRootCertFiles "$(peer_dir "$i")/tls/ca.crt")
  done
  # shellcheck disable=SC2046
  as_admin 1 peer lifecycle chaincode commit $(orderer_flags) "${common[@]}" "${peers[@]}" > "$LOGS/commit.log" 2>&1 \
    || { cat "$LOGS/commit.log" >&2; die "committing the chaincode definition failed"; }
}

cmd_deploy() {
  local upgrade=false label=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --upgrade) upgrade=true ;;
      --label) label=${2:?--label needs a package label}; shift ;;
      *) die "unknown flag for deploy: $1 (try --help)" ;;
    esac
    shift
  done
  [ -z "$label" ] || $upgrade || die "--label goes with --upgrade (a plain deploy keeps the deployed label)"
  require_fabric
  command -v jq >/dev/null || die "jq is needed to read the peer CLI's lifecycle queries"
  require_network
  local i t0=$SECONDS
  for i in "${ORGS[@]}"; do alive "peer$i" || die "peer$i is not running: 'test-network/network.sh start' (or 'up') first"; done
  if [ ! -f "$(chaincode_jar)" ]; then
    log "building chaincode.jar"
    (cd "$FEDLEDGER_ROOT" && mvn -B -ntp -q -pl chaincode -am package -DskipTests) || die "building chaincode.jar failed"
  fi

  # What is committed now, and under which package label.
  local committed current_label
  committed=$(committed_sequence)
  current_label=$(deployed_label "$committed")
  if $upgrade; then
    [ -n "$committed" ] || die "nothing to upgrade: chaincode '$CHAINCODE_NAME' is not deployed; 'test-network/network.sh deploy' first"
    label=${label:-$CHAINCODE_LABEL.$((committed + 1))}
    [ "$label" != "$current_label" ] || die "package label '$label' is the deployed one; give --upgrade a new --label"
    [[ "$label" =~ ^[[:alnum:]][[:alnum:]_.+-]*$ ]] || die "package label '$label' may hold only letters, digits and _ . + -"
  else
    label=$current_label
  fi

  local package package_id sequence
  package=$(build_package "$label")
  package_id=$(as_admin 1 peer lifecycle chaincode calculatepackageid "$package")
  install_package "$package" "$package_id"
  log "package $package_id on ${#ORGS[@]} peers ($INSTALLED_NOW installed now; $((SECONDS - t0)) s)"

  # Deployed already: the committed definition is this package's, as every organisation approved it.
  if ! $upgrade && [ -n "$committed" ]; then
    local everywhere=true
    for i in "${ORGS[@]}"; do [ "$(approved_by "$i")" = "$committed $package_id" ] || everywhere=false; done
    if $everywhere; then
      printf '%s\n' "$package_id" > "$NETWORK_HOME/package-id"
      local missing=()
      for i in "${ORGS[@]}"; do alive "chaincode$i" || { start_chaincode_server "$i" "$package_id"; missing+=("chaincode$i"); }; done
      await_chaincode
      log "chaincode '$CHAINCODE_NAME' is already deployed: package $package_id at sequence $committed, approved by ${#ORGS[@]} organisations${missing[0]:+; started ${missing[*]}}"
      return 0
    fi
  fi

  sequence=$(( ${committed:-0} + 1 ))
  # Servers (re)start first: they must listen before the first invocation, and a server answers only
  # for the package id it was started with. They start while the definition is being approved.
  local names=()
  for i in "${ORGS[@]}"; do names+=("chaincode$i"); done
  [ "$(stop_processes "${names[@]}")" = 0 ] || log "stopped the chaincode servers of the previous package"
  for i in "${ORGS[@]}"; do start_chaincode_server "$i" "$package_id"; done
  define_chaincode "$sequence" "$package_id" "$label"
  log "definition '$CHAINCODE_NAME' sequence $sequence (package $label) committed ($((SECONDS - t0)) s)"
  printf '%s\n' "$package_id" > "$NETWORK_HOME/package-id"
  await_chaincode
  log "chaincode $($upgrade && echo upgraded || echo deployed) and answering on ${#ORGS[@]} organisations in $((SECONDS - t0)) s"
}

# ---- add-org ----------------------------------------------------------------------------------

# The cryptogen input of organisation N alone, written to DIR: one peer and the same users as the
# others (network-config/crypto-config.yaml).
write_org_crypto_config() {
  local n=$1 dir=$2
  cat > "$dir/crypto-config.yaml" <<EOF_CRYPTO
# Org$n, added to the running channel by test-network/network.sh add-org
PeerOrgs:
  - Name: Org$n
    Domain: $(org_domain "$n")
    EnableNodeOUs: true
    Template:
      Count: 1
      SANS: [127.0.0.1, localhost]
    Users:
      Count: 6
EOF_CRYPTO
}

# The configtxgen input that defines organisation N as network-config/configtx.yaml defines the
# first three: the same roles in its policies, its peer as anchor.
write_org_configtx() {
  local n=$1 dir=$2 msp="Org$1MSP"
  cat > "$dir/configtx.yaml" <<EOF_ORG
# $msp, added to the running channel by test-network/network.sh add-org
Organizations:
  - Name: $msp
    ID: $msp
    MSPDir: $(org_dir "$n")/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('$msp.admin', '$msp.peer', '$msp.client')"}
      Writers: {Type: Signature, Rule: "OR('$msp.admin', '$msp.client')"}
      Admins: {Type: Signature, Rule: "OR('$msp.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('$msp.peer')"}
    AnchorPeers:
      - Host: 127.0.0.1
        Port: $(peer_port "$n")
EOF_ORG
}

# The channel's current configuration as JSON in DIR/config.json (fetched by Org1's admin).
fetch_channel_config() {
  local dir=$1
  # shellcheck disable=SC2046
  as_admin "${ORGS[0]}" peer channel fetch config "$dir/config_block.pb" $(orderer_flags) -c "$CHANNEL_NAME" \
    > "$LOGS/fetch-config.log" 2>&1 || { cat "$LOGS/fetch-config.log" >&2; die "fetching the channel configuration failed"; }
  configtxlator proto_decode --input "$dir/config_block.pb" --type common.Block \
    | jq '.data.data[0].payload.data.config' > "$dir/config.json"
}

# update_channel_with_org N DIR: a configuration update that adds OrgN's definition (from configtxgen)
# with its anchor peer to the channel's Application group, computed with configtxlator against the
# current configuration and signed by a majority of the organisations' admins (the channel's
# Application Admins policy is MAJORITY Admins): all but the last sign it, the last submits it.
update_channel_with_org() {
  local n=$1 dir=$2 msp="Org$1MSP" i
  configtxgen -configPath "$dir" -printOrg "$msp" > "$dir/org.json" 2> "$LOGS/configtxgen-org$n.log" \
    || { cat "$LOGS/configtxgen-org$n.log" >&2; die "configtxgen could not print $msp's definition"; }
  jq --arg msp "$msp" --slurpfile org "$dir/org.json" --argjson port "$(peer_port "$n")" '
      .channel_group.groups.Application.groups[$msp] = ($org[0]
        | .values.AnchorPeers //= {mod_policy: "Admins", version: "0",
            value: {anchor_peers: [{host: "127.0.0.1", port: $port}]}})' \
    "$dir/config.json" > "$dir/modified.json"
  configtxlator proto_encode --input "$dir/config.json" --type common.Config --output "$dir/config.pb"
  configtxlator proto_encode --input "$dir/modified.json" --type common.Config --output "$dir/modified.pb"
  configtxlator compute_update --channel_id "$CHANNEL_NAME" --original "$dir/config.pb" --updated "$dir/modified.pb" \
    --output "$dir/update.pb"
  configtxlator proto_decode --input "$dir/update.pb" --type common.ConfigUpdate \
    | jq --arg channel "$CHANNEL_NAME" '{payload: {header: {channel_header: {channel_id: $channel, type: 2}},
        data: {config_update: .}}}' > "$dir/update-envelope.json"
  configtxlator proto_encode --input "$dir/update-envelope.json" --type common.Envelope --output "$dir/update-envelope.pb"

  local majority=$(( ${#ORGS[@]} / 2 + 1 )) signers=()
  signers=("${ORGS[@]:0:$majority}")
  for i in "${signers[@]:0:$((majority - 1))}"; do
    as_admin "$i" peer channel signconfigtx -f "$dir/update-envelope.pb" > "$LOGS/sign-update-org$i.log" 2>&1 \
      || { cat "$LOGS/sign-update-org$i.log" >&2; die "Org$i's admin could not sign the channel update"; }
  done
  i=${signers[$((majority - 1))]}
  # shellcheck disable=SC2046
  as_admin "$i" peer channel update -f "$dir/update-envelope.pb" -c "$CHANNEL_NAME" $(orderer_flags) \
    > "$LOGS/channel-update-org$n.log" 2>&1 \
    || { cat "$LOGS/channel-update-org$n.log" >&2; die "the channel update adding $msp was refused"; }
  ADD_ORG_SIGNERS=$(printf 'Org%s ' "${signers[@]}")
}

# True when the channel configuration in DIR/config.json has organisation MSP.
channel_has_org() { jq -e --arg msp "$2" '.channel_group.groups.Application.groups | has($msp)' "$1/config.json" > /dev/null; }

cmd_add_org() {
  local n="" i name
  while [ $# -gt 0 ]; do
    case "$1" in
      [0-9]*) [ -z "$n" ] || die "add-org takes one organisation number"; n=$1 ;;
      *) die "unknown argument for add-org: $1 (try --help)" ;;
    esac
    shift
  done
  require_fabric
  command -v jq >/dev/null || die "jq is needed to edit the channel configuration"
  command -v openssl >/dev/null || die "openssl is needed to issue the chaincode server's TLS certificate"
  require_network
  if [ -z "$n" ]; then
    # The organisation whose add-org stopped before its end, or else the next number.
    for i in "${ORGS[@]}"; do
      if [ -d "$NETWORK_HOME/org$i" ] && [ ! -f "$NETWORK_HOME/org$i/added" ]; then n=$i; fi
    done
    [ -n "$n" ] || { n=$(printf '%s\n' "${ORGS[@]}" | sort -n | tail -n 1); n=$((n + 1)); }
  fi
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "add-org needs an organisation number 1..99, not '$n'"
  local msp="Org${n}MSP" dir="$NETWORK_HOME/org$n"
  # An organisation of the list whose add-org did not finish (no $dir/added) is taken up where it stopped.
  local resuming=false
  if printf '%s\n' "${ORGS[@]}" | grep -qx "$n"; then
    [ -d "$dir" ] && [ ! -f "$dir/added" ] || die "$msp is already in channel '$CHANNEL_NAME' (organisations: ${ORGS[*]})"
    resuming=true
    log "finishing the add-org of $msp that stopped before its end"
  fi
  for name in $(every_process); do
    case "$name" in "peer$n"|"chaincode$n") continue ;; esac
    alive "$name" || die "$name is not running: 'test-network/network.sh start' first"
  done
  local port
  $resuming || for port in $(peer_port "$n") $(peer_cc_port "$n") $(peer_ops_port "$n") $(cc_server_port "$n"); do
    if listening "$port"; then die "port 127.0.0.1:$port, which $msp's peer or chaincode server would use, is in use"; fi
  done
  local t0=$SECONDS
  mkdir -p "$dir"

  # Its crypto material and its chaincode server's TLS material (kept when an interrupted add-org made them).
  if [ ! -d "$(org_dir "$n")" ]; then
    write_org_crypto_config "$n" "$dir"
    cryptogen generate --config="$dir/crypto-config.yaml" --output="$CRYPTO" > "$LOGS/cryptogen-org$n.log" 2>&1 \
      || { cat "$LOGS/cryptogen-org$n.log" >&2; die "cryptogen failed for Org$n"; }
    issue_chaincode_tls "$n"
    chmod -R go-rwx "$(org_dir "$n")"
  fi

  # The channel update (skipped when an interrupted add-org submitted it already).
  local before
  fetch_channel_config "$dir"
  if channel_has_org "$dir" "$msp"; then
    log "$msp is in the channel configuration already (an earlier add-org); continuing"
  else
    write_org_configtx "$n" "$dir"
    before=$(height_of "peer${ORGS[0]}")
    update_channel_with_org "$n" "$dir"
    for i in "${ORGS[@]}"; do
      wait_for "peer$i" "the channel update's block" metric_at_least "$(peer_ops_port "$i")" ledger_blockchain_height "$((before + 1))"
    done
    log "channel '$CHANNEL_NAME' now has $msp, signed by the admins of ${ADD_ORG_SIGNERS% } ($((SECONDS - t0)) s)"
  fi
  $resuming || { ORGS+=("$n"); record_organisations; }

  # Its peer joins from the genesis block and catches up from the orderers.
  local target
  target=$(height_of "peer${ORGS[0]}")
  alive "peer$n" || start_peer "$n"
  wait_for "peer$n" "health" healthy "$(peer_ops_port "$n")"
  as_admin "$n" peer channel getinfo -c "$CHANNEL_NAME" > /dev/null 2>&1 || join_peer "$n"
  wait_for "peer$n" "channel height $target" metric_at_least "$(peer_ops_port "$n")" ledger_blockchain_height "$target"
  for i in "${ORGS[@]}"; do
    wait_for "peer$i" "gossip membership of the $(( ${#ORGS[@]} - 1 )) other peers" \
      metric_at_least "$(peer_ops_port "$i")" gossip_membership_total_peers_known "$(( ${#ORGS[@]} - 1 ))"
  done
  write_connection_profiles
  log "peer$n joined channel '$CHANNEL_NAME' at height $(height_of "peer$n") ($((SECONDS - t0)) s)"

  if ! deployed; then
    touch "$dir/added"
    log "$msp added in $((SECONDS - t0)) s; the chaincode is not deployed yet: 'test-network/network.sh deploy' includes $msp"
    return 0
  fi
  # The deployed package on its peer, and a definition at sequence + 1 whose collections include
  # OrgN's own pair; the other organisations' servers keep running (same package id).
  local committed label package package_id
  committed=$(committed_sequence)
  [ -n "$committed" ] || die "the chaincode is recorded as deployed but no definition is committed: 'test-network/network.sh deploy' first"
  label=$(deployed_label "$committed")
  package=$(build_package "$label")
  package_id=$(as_admin "$n" peer lifecycle chaincode calculatepackageid "$package")
  [ "$package_id" = "$(cat "$NETWORK_HOME/package-id")" ] \
    || die "the package rebuilt for label $label has id $package_id, not the deployed $(cat "$NETWORK_HOME/package-id")"
  install_package "$package" "$package_id"
  alive "chaincode$n" || start_chaincode_server "$n" "$package_id"
  # A definition OrgN approved is committed already when an add-org stopped after the commit.
  if [ "$(approved_by "$n")" != "$committed $package_id" ]; then
    committed=$((committed + 1))
    define_chaincode "$committed" "$package_id" "$label"
  fi
  await_chaincode
  touch "$dir/added"
  log "$msp added in $((SECONDS - t0)) s: definition '$CHAINCODE_NAME' sequence $committed with its collections, approved by ${#ORGS[@]} organisations; chaincode$n answering"
}

# ---- down, status, logs -------------------------------------------------------------------------

# Stops every recorded process and removes the state.
remove_network() {
  local stopped=0 names=() f
  if [ -d "$PIDS" ]; then
    for f in "$PIDS"/*.pid; do [ -e "$f" ] && names+=("$(basename "$f" .pid)"); done
    [ ${#names[@]} -eq 0 ] || stopped=$(stop_processes "${names[@]}")
  fi
  rm -rf "$NETWORK_HOME"
  REMOVED_RUNNING=$stopped
}

cmd_down() {
  [ $# -eq 0 ] || die "down takes no arguments (it stops and removes the whole network)"
  remove_network
  log "network down: $REMOVED_RUNNING processes stopped, $NETWORK_HOME removed"
}

# ---- stop, start, restart -------------------------------------------------------------------------

# Writes the channel height of each running orderer and peer among NAMES, which `start` waits for.
record_heights() {
  local name h
  mkdir -p "$NETWORK_HOME/heights"
  for name in "$@"; do
    case "$name" in orderer*|peer*) ;; *) continue ;; esac
    alive "$name" || continue
    h=$(height_of "$name")
    [ -z "$h" ] || printf '%s\n' "$h" > "$NETWORK_HOME/heights/$name"
  done
}

cmd_stop() {
  require_network
  select_processes "$@"
  record_heights "${SELECTED[@]}"
  local t0=$SECONDS n
  n=$(stop_processes "${SELECTED[@]}")
  log "stopped $n of ${#SELECTED[@]} processes (${SELECTED[*]}) in $((SECONDS - t0)) s; ledgers kept: 'test-network/network.sh start' resumes"
}

# True when some orderer reports itself the channel's Raft leader.
raft_leader() {
  local i v
  for i in "${ORDERER_NODES[@]}"; do
    alive "orderer$i" || continue
    v=$(metric "$(orderer_ops_port "$i")" consensus_etcdraft_is_leader) || continue
    [ "$v" = 1 ] && return 0
  done
  return 1
}

alive_count() {
  local kind=$1 n=0 name
  for name in $(every_process); do
    if [ "${name%%[0-9]*}" = "$kind" ] && alive "$name"; then n=$((n + 1)); fi
  done
  echo "$n"
}

# Starts the selected processes that are not running and waits until each has caught up: orderers
# and peers healthy at their height from before the stop (or the running ones' height), a Raft leader,
# each started peer seeing the other running peers through gossip, each started chaincode server
# listening and answering a query through its organisation's peer.
cmd_start() {
  require_fabric
  command -v curl >/dev/null || die "curl is needed to read the health and metrics endpoints"
  command -v jq >/dev/null || die "jq is needed to hand each peer its chaincode TLS material"
  require_network
  select_processes "$@"
  local t0=$SECONDS name started=() i package_id=""
  declare -A target=()
  for name in "${SELECTED[@]}"; do
    case "$name" in orderer*|peer*) target[$name]=$(catch_up_height "$name") ;; esac
  done
  if deployed; then package_id=$(cat "$NETWORK_HOME/package-id"); fi
  for name in "${SELECTED[@]}"; do
    alive "$name" && continue
    case "$name" in
      orderer*) start_orderer "${name#orderer}" ;;
      peer*) start_peer "${name#peer}" ;;
      chaincode*) start_chaincode_server "${name#chaincode}" "$package_id" ;;
    esac
    started+=("$name")
  done
  if [ ${#started[@]} -eq 0 ]; then
    log "nothing to start: ${SELECTED[*]} already running"
    return 0
  fi
  local orderer_started=false orgs_to_query=()
  for name in "${started[@]}"; do
    case "$name" in
      orderer*)
        orderer_started=true
        wait_for "$name" "health" healthy "$(ops_port_of "$name")"
        wait_for "$name" "channel height ${target[$name]}" metric_at_least "$(ops_port_of "$name")" ledger_blockchain_height "${target[$name]}"
        ;;
    esac
  done
  if $orderer_started; then
    wait_for "${started[0]}" "a Raft leader for channel $CHANNEL_NAME" raft_leader
  fi
  for name in "${started[@]}"; do
    case "$name" in
      peer*)
        wait_for "$name" "health" healthy "$(ops_port_of "$name")"
        wait_for "$name" "channel height ${target[$name]}" metric_at_least "$(ops_port_of "$name")" ledger_blockchain_height "${target[$name]}"
        wait_for "$name" "gossip membership of the other running peers" \
          metric_at_least "$(ops_port_of "$name")" gossip_membership_total_peers_known "$(( $(alive_count peer) - 1 ))"
        deployed && orgs_to_query+=("${name#peer}")
        ;;
      chaincode*)
        i=${name#chaincode}
        wait_for "$name" "listening on $(cc_server_port "$i")" listening "$(cc_server_port "$i")"
        orgs_to_query+=("$i")
        ;;
    esac
  done
  # Ready when each organisation whose peer or server started runs a query through its chaincode.
  for i in $(printf '%s\n' ${orgs_to_query[@]+"${orgs_to_query[@]}"} | sort -u); do
    alive "peer$i" && alive "chaincode$i" || continue
    wait_for "chaincode$i" "a query through peer$i" \
      as_admin "$i" peer chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -c '{"Args":["whoAmI"]}'
  done
  local heights=""
  for name in "${started[@]}"; do
    case "$name" in orderer*|peer*) heights+=" $name=$(height_of "$name")" ;; esac
  done
  log "started ${started[*]} in $((SECONDS - t0)) s${heights:+; heights:$heights}"
}

cmd_restart() {
  cmd_stop "$@"
  cmd_start "$@"
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
  [ "$down" -eq 0 ] || { log "$down processes are not running: 'test-network/network.sh start' starts them"; return 1; }
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
[ "$action" = up ] || { load_settings; load_organisations; }
case "$action" in
  up) cmd_up "$@" ;;
  deploy) cmd_deploy "$@" ;;
  add-org) cmd_add_org "$@" ;;
  stop) cmd_stop "$@" ;;
  start) cmd_start "$@" ;;
  restart) cmd_restart "$@" ;;
  down) cmd_down "$@" ;;
  status) cmd_status "$@" ;;
  logs) cmd_logs "$@" ;;
  -h|--help|help) usage ;;
  *) printf 'unknown action: %s\n\n' "$action" >&2; usage >&2; exit 2 ;;
esac
