#!/usr/bin/env bash
# Starts the STARTTLS / in-protocol-TLS interop lab: Postfix, Dovecot, slapd, vsftpd, PostgreSQL,
# MariaDB, Prosody, INN's nnrpd and sshd on explicit 127.0.0.20-31 addresses (endpoints.tsv), each
# one a plain foreground process in the background with a PID file under STATEDIR, so stop.sh ends
# exactly those.
#
#   scripts/interop/services/start.sh [STATEDIR]   (default: .interop-services/ in the repo root)
#
# Steps: stop a lab already running from the same STATEDIR; refuse to start when something else
# holds one of the lab's address:ports (or the port on a wildcard address); build the PKI into
# STATEDIR/pki; let each server's conf/SERVER.sh write its configuration and data under
# STATEDIR/SERVER; launch them all; wait (bounded) until every address:port listens; write
# STATEDIR/expected.json. Needs root (ports below 1024, and three servers run as their own users)
# and setup.sh first. Layout and what fought back: docs/interop-services.md.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
STATE=$(resolve_statedir "${1:-}")
PKI=$STATE/pki RUN=$STATE/run LOGS=$STATE/logs
WAIT_SECONDS=${INTEROP_SERVICES_WAIT_SECONDS:-60}

die() { echo "services/start: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (ports below 1024; postgres, mariadb, prosody and nnrpd run as their own users)"
need_tools services openssl jq ss setpriv

# Daemons that run as their own user must reach their files through every parent directory.
check_traversable() {
  local dir=$STATE
  while [ "$dir" != / ]; do
    [ "$(( 0$(stat -c %a "$dir") & 1 ))" -eq 1 ] ||
      die "$dir is not world-searchable (o+x); postgres/mysql/prosody could not reach $STATE"
    dir=$(dirname "$dir")
  done
}
check_traversable

# --- the endpoint table ------------------------------------------------------------------------
# A row with a missing column would shift every later field into the wrong key of expected.json.
bad_rows=$(endpoints | awk -F'\t' '
  NF != 12 { print "  " $1 ": " NF " columns, expected 12"; next }
  $6 !~ /^(implicit|starttls|none)$/ || $11 !~ /^(implicit|starttls|none)$/ {
    print "  " $1 ": tls_mode/port_mode must be implicit, starttls or none"; next }
  $12 != "-" && $6 == $11 { print "  " $1 ": a diagnosis, but tls_mode equals port_mode" }')
[ -z "$bad_rows" ] || die "malformed rows in $SERVICES_ENDPOINTS:
$bad_rows"

stop_if_running "services" "$STATE"

# --- what listens where ------------------------------------------------------------------------
declare -A LISTENS=()   # server -> "ip:port ..."
SERVERS=()              # in endpoints.tsv order
while IFS=$'\t' read -r _ ip port _ server _; do
  [ -n "${LISTENS[$server]+x}" ] || SERVERS+=("$server")
  LISTENS[$server]="${LISTENS[$server]:-} $ip:$port"
done < <(endpoints)

# Local Address:Port of every TCP listener, one per line.
listeners() { ss -Hltn | awk '{print $4}'; }

# Someone else's server on one of our address:ports, or on the port with a wildcard address
# (a system sshd or postfix on 0.0.0.0:22/25), would take connections meant for the lab.
ports=$(endpoints | cut -f3 | sort -u | paste -sd'|')
addrs=$(endpoints | cut -f2 | sort -u | sed 's/\./\\./g' | paste -sd'|')
foreign=$(listeners | grep -E "^(0\.0\.0\.0|\*|\[::\]|$addrs):($ports)\$" || true)
if [ -n "$foreign" ]; then
  die "these listeners are already bound and would collide with the lab (not started by us):
$foreign
(ss -ltnp shows the owners; a system-wide daemon started by a package install is the usual one)"
fi

# --- PKI and configs ---------------------------------------------------------------------------
mkdir -p "$RUN" "$LOGS"
"$SERVICES_REPO_ROOT/scripts/pki.sh" "$PKI" >/dev/null

# tls_copy LEAF DIR OWNER: LEAF's full chain and key as DIR/cert.pem and DIR/key.pem, readable by
# OWNER only. Every server gets its own copy: postgres refuses a key others can read, and the
# servers that drop privileges must read theirs as their own user.
tls_copy() {
  local leaf=$1 dir=$2 owner=$3
  mkdir -p "$dir"
  install -m 644 -o "$owner" "$PKI/$leaf.fullchain.pem" "$dir/cert.pem"
  install -m 600 -o "$owner" "$PKI/$leaf.key" "$dir/key.pem"
  install -m 644 -o "$owner" "$PKI/root.pem" "$dir/root.pem"
}

# Each conf/SERVER.sh defines SERVER_prepare, which writes STATEDIR/SERVER/ and sets CMD (the
# foreground command line) and, when SIGTERM is not the clean way to stop it, STOP_SIGNAL.
for server in "${SERVERS[@]}"; do
  [ -r "$HERE/conf/$server.sh" ] || die "no conf/$server.sh for server '$server' of endpoints.tsv"
  . "$HERE/conf/$server.sh"
done
declare -A COMMANDS=() SIGNALS=()
for server in "${SERVERS[@]}"; do
  CMD=() STOP_SIGNAL=TERM
  mkdir -p "$STATE/$server"
  "${server}_prepare" || die "preparing $server failed (see above)"
  COMMANDS[$server]=$(printf '%q ' "${CMD[@]}")
  SIGNALS[$server]=$STOP_SIGNAL
done

# --- launch ------------------------------------------------------------------------------------
# Background process started in STATEDIR (stop.sh's is_ours recognizes it by that), stdin closed,
# output to LOGS/SERVER.log, PID to RUN/SERVER.pid. The subshell execs, so $! is the server itself.
for server in "${SERVERS[@]}"; do
  (cd "$STATE" && eval "exec ${COMMANDS[$server]}") </dev/null >"$LOGS/$server.log" 2>&1 &
  echo $! >"$RUN/$server.pid"
  echo "${SIGNALS[$server]}" >"$RUN/$server.signal"
done

# --- wait until everything listens -------------------------------------------------------------
# Checked with ss rather than by connecting: a probe would leave a half-spoken session in the logs.
want_of() { printf '%s\n' ${LISTENS[$1]}; }
fail() {
  echo "services/start: $*" >&2
  "$HERE/stop.sh" "$STATE" >/dev/null || true
  exit 1
}
deadline=$((SECONDS + WAIT_SECONDS))
pending=("${SERVERS[@]}")
while [ ${#pending[@]} -gt 0 ]; do
  up=$(listeners)
  still=()
  for server in "${pending[@]}"; do
    pid=$(cat "$RUN/$server.pid")
    if ! kill -0 "$pid" 2>/dev/null; then
      fail "server '$server' exited during startup; last lines of $LOGS/$server.log:
$(tail -n 20 "$LOGS/$server.log")"
    fi
    missing=$(comm -23 <(want_of "$server" | sort) <(echo "$up" | sort))
    [ -n "$missing" ] && still+=("$server")
  done
  pending=("${still[@]+"${still[@]}"}")
  [ ${#pending[@]} -eq 0 ] && break
  if [ $SECONDS -ge $deadline ]; then
    msg=""
    for server in "${pending[@]}"; do
      msg+="
  '$server' not listening after ${WAIT_SECONDS}s on: $(comm -23 <(want_of "$server" | sort) <(echo "$up" | sort) | paste -sd' ') (log: $LOGS/$server.log)"
    done
    fail "timed out:$msg"
  fi
  sleep 0.2
done

# --- expected results --------------------------------------------------------------------------
# The leaves are new at every start, so their fingerprints are only known now.
leaf_sha256() {
  openssl x509 -in "$PKI/$1.crt" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f'
}
# diagnosis is the last column and the only one with spaces: `read` gives it the rest of the line.
while IFS=$'\t' read -r name ip port service server mode proto sni leaf version port_mode diagnosis; do
  sha=null
  [ "$leaf" != - ] && sha="\"$(leaf_sha256 "$leaf")\""
  jq -n --arg name "$name" --arg ip "$ip" --argjson port "$port" --arg service "$service" --arg server "$server" \
    --arg mode "$mode" --arg proto "$proto" --arg sni "$sni" --arg leaf "$leaf" --arg version "$version" \
    --argjson sha "$sha" --arg port_mode "$port_mode" --arg diagnosis "$diagnosis" \
    '{name: $name, ip: $ip, port: $port, service: $service, server: $server, tls_mode: $mode,
      starttls_protocol: (if $proto == "-" then null else $proto end), servername: $sni,
      leaf: (if $leaf == "-" then null else $leaf end), leaf_sha256: $sha,
      tls_version: (if $version == "-" then null else $version end),
      port_mode: $port_mode, diagnosis: (if $diagnosis == "-" then null else $diagnosis end)}'
done < <(endpoints) | jq -s . >"$STATE/expected.json.tmp"
mv "$STATE/expected.json.tmp" "$STATE/expected.json"

echo "services/start: lab up under $STATE (CA file: $PKI/root.pem, expected: $STATE/expected.json)"
for server in "${SERVERS[@]}"; do
  printf '  %-9s pid %-7s%s\n' "$server" "$(cat "$RUN/$server.pid")" "${LISTENS[$server]}"
done
