#!/usr/bin/env bash
# Starts the interop lab: real TLS servers on explicit 127.0.0.x addresses, every one a plain
# background process with a PID file under STATEDIR, so stop.sh can end exactly those.
#
#   scripts/interop/start.sh [STATEDIR]     (default: .interop/ in the repo root, gitignored)
#
# Steps: stop a lab already running from the same STATEDIR; refuse to start when something else
# holds a port the sweep looks at; build the PKI into STATEDIR/pki; write STATEDIR/nginx/nginx.conf;
# start nginx and the openssl s_server instances; wait (bounded) until every address:port listens.
# Layout and expected scan results: docs/interop.md. Needs root (ports 443) and setup.sh first.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
STATE=$(resolve_statedir "${1:-}")
PKI=$STATE/pki RUN=$STATE/run LOGS=$STATE/logs NGX=$STATE/nginx
WAIT_SECONDS=${INTEROP_WAIT_SECONDS:-15}

die() { echo "start: $*" >&2; exit 1; }
need_tools "" openssl
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX_BIN" ] || die "nginx missing; run scripts/interop/setup.sh"

stop_if_running "" "$STATE"

# --- what listens where ------------------------------------------------------------------------
# name -> "addr:port ..." it must listen on. The sweep 127.0.0.0/24 x {443,8443} expects "refused"
# everywhere else, so a foreign listener on a wildcard address would break it: checked below.
declare -A LISTENS=(
  [nginx]="127.0.0.10:443 127.0.0.10:8443 127.0.0.11:443 127.0.0.12:443 127.0.0.12:8443 127.0.0.14:443"
  [selfsigned]="127.0.0.11:8443"
  [clientauth]="127.0.0.13:443"
  [legacy]="127.0.0.13:8443"
  [misordered]="127.0.0.15:443"
  [anon]="127.0.0.15:8443"
)
# 254 addresses x 8 ports = 2,032 distinct endpoints: enough handshakes for one sweep to be measured
BENCH_PORT=9443
BENCH_PORT_LAST=9450
bench_addrs() { local n p; for p in $(seq $BENCH_PORT $BENCH_PORT_LAST); do for n in $(seq 1 254); do echo "127.0.1.$n:$p"; done; done; }

# Local Address:Port of every TCP listener, one per line.
listeners() { ss -Hltn | awk '{print $4}'; }

foreign=$(listeners | grep -E '^(0\.0\.0\.0|\*|\[::\]|127\.0\.0\.[0-9]+|127\.0\.1\.[0-9]+):(443|8443|9443)$' || true)
if [ -n "$foreign" ]; then
  die "these listeners are already bound and would collide with the lab or the sweep (not started by us):
$foreign
(ss -ltnp shows the owners)"
fi

# --- PKI and configs ---------------------------------------------------------------------------
mkdir -p "$RUN" "$LOGS" "$NGX/tmp"
"$INTEROP_REPO_ROOT/scripts/pki.sh" "$PKI" >/dev/null

{
  nginx_conf_head scripts/interop/start.sh "$NGX" "$LOGS" 4096 "$LOGS/nginx-access.log" \
    "worker_rlimit_nofile 8192;"
  cat <<CONF

    ssl_protocols TLSv1.2 TLSv1.3;
    # Every connection is a full handshake, whatever the client caches: the scanner measures
    # handshakes, and resumption would hide the certificate.
    ssl_session_tickets off;
    ssl_session_cache off;

    # 127.0.0.10:443  SNI vhosts; the default server (no SNI, e.g. a bare-IP scan) is good too.
    server {
        listen 127.0.0.10:443 ssl http2 default_server;
        server_name good.interop.test;
        ssl_certificate     $PKI/good.fullchain.pem;
        ssl_certificate_key $PKI/good.key;
        return 200 "good.interop.test\n";
    }
    server {
        listen 127.0.0.10:443 ssl http2;
        server_name www.good.interop.test;
        ssl_certificate     $PKI/good.fullchain.pem;
        ssl_certificate_key $PKI/good.key;
        return 200 "www.good.interop.test\n";
    }

    # 127.0.0.10:8443  expired leaf, complete chain
    server {
        listen 127.0.0.10:8443 ssl;
        ssl_certificate     $PKI/expired.fullchain.pem;
        ssl_certificate_key $PKI/expired.key;
        return 200 "expired\n";
    }

    # 127.0.0.11:443  SAN names wrong.interop.test only (no IP SAN)
    server {
        listen 127.0.0.11:443 ssl;
        ssl_certificate     $PKI/wrongname.fullchain.pem;
        ssl_certificate_key $PKI/wrongname.key;
        return 200 "wrongname\n";
    }

    # 127.0.0.12:443  leaf only: the intermediate is deliberately not served
    server {
        listen 127.0.0.12:443 ssl;
        ssl_certificate     $PKI/nointermediate.crt;
        ssl_certificate_key $PKI/nointermediate.key;
        return 200 "nointermediate\n";
    }

    # 127.0.0.12:8443  plain HTTP on a port scanners expect TLS on: answers a ClientHello with 400
    server {
        listen 127.0.0.12:8443;
        return 200 "plain http\n";
    }

    # 127.0.0.14:443  RSA-1024 leaf signed sha1WithRSA: only loads and serves at SECLEVEL=0
    server {
        listen 127.0.0.14:443 ssl;
        ssl_certificate     $PKI/weak.fullchain.pem;
        ssl_certificate_key $PKI/weak.key;
        ssl_ciphers DEFAULT@SECLEVEL=0;
        return 200 "weak\n";
    }

    # 127.0.1.1-254:$BENCH_PORT-$BENCH_PORT_LAST  handshake-throughput targets (sweep 127.0.1.1-254 -p $BENCH_PORT-$BENCH_PORT_LAST)
    server {
CONF
  bench_addrs | sed 's/^/        listen /; s/$/ ssl;/'
  cat <<CONF
        ssl_certificate     $PKI/bench.fullchain.pem;
        ssl_certificate_key $PKI/bench.key;
        return 200 "bench\n";
    }
}
CONF
} >"$NGX/nginx.conf"

NGINX_ARGS=(-p "$NGX/" -c "$NGX/nginx.conf" -e "$LOGS/nginx-error.log")
"$NGINX_BIN" -t -q "${NGINX_ARGS[@]}" || die "nginx rejected $NGX/nginx.conf (see above)"

# --- launch ------------------------------------------------------------------------------------
# launch NAME CMD...: background process in STATEDIR (stop.sh's is_ours recognizes it by that),
# stdin closed, output to LOGS/NAME.log, PID to RUN/NAME.pid. The subshell execs, so $! is the server.
launch() {
  local name=$1; shift
  (cd "$STATE" && exec "$@") </dev/null >"$LOGS/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
}

# openssl s_server serves one connection at a time and keeps looping after a failed handshake
# (no -naccept). -www answers an HTTP GET and closes, so a client that sends nothing cannot
# park it in the interactive stdin mode.
S_SERVER=(openssl s_server -www -no_ticket)

launch nginx "$NGINX_BIN" "${NGINX_ARGS[@]}"
launch selfsigned "${S_SERVER[@]}" -accept 127.0.0.11:8443 \
  -cert "$PKI/selfsigned.crt" -key "$PKI/selfsigned.key"
# TLS 1.3 only, client certificate required: a client without one gets alert certificate_required
# after its Finished.
launch clientauth "${S_SERVER[@]}" -accept 127.0.0.13:443 -tls1_3 -Verify 1 -CAfile "$PKI/root.pem" \
  -cert "$PKI/clientauth.crt" -key "$PKI/clientauth.key" -cert_chain "$PKI/intermediate.pem"
# TLS 1.0 only; OpenSSL 3.0 refuses TLS < 1.2 above SECLEVEL 0.
launch legacy "${S_SERVER[@]}" -accept 127.0.0.13:8443 -tls1 -cipher 'DEFAULT@SECLEVEL=0' \
  -cert "$PKI/legacy.crt" -key "$PKI/legacy.key" -cert_chain "$PKI/intermediate.pem"
# Leaf, then an unrelated certificate, then the intermediate: the chain is complete and trusted
# but not in issuing order. s_server sends -cert_chain as given (no -build_chain, which would reorder).
launch misordered "${S_SERVER[@]}" -accept 127.0.0.15:443 \
  -cert "$PKI/misordered.crt" -key "$PKI/misordered.key" -cert_chain "$PKI/misordered.chain.pem"
# Anonymous (certificate-less) ECDH only, TLS 1.2: a client that offers no anon suite gets
# handshake_failure; one that does (the JDK's, once enabled) gets a handshake with no certificate.
launch anon "${S_SERVER[@]}" -accept 127.0.0.15:8443 -tls1_2 -nocert -cipher 'AECDH-AES128-SHA:@SECLEVEL=0'

# --- wait until everything listens -------------------------------------------------------------
# Listening is checked with ss rather than by connecting: a probe connection would occupy a
# single-threaded s_server and leave a failed handshake in its log.
want_of() { printf '%s\n' ${LISTENS[$1]}; if [ "$1" = nginx ]; then bench_addrs; fi; }
deadline=$((SECONDS + WAIT_SECONDS))
pending=("${!LISTENS[@]}")
while [ ${#pending[@]} -gt 0 ]; do
  up=$(listeners)
  still=()
  for name in "${pending[@]}"; do
    pid=$(cat "$RUN/$name.pid")
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "start: server '$name' exited during startup; last lines of $LOGS/$name.log:" >&2
      tail -n 15 "$LOGS/$name.log" >&2
      [ "$name" = nginx ] && tail -n 15 "$LOGS/nginx-error.log" >&2
      "$HERE/stop.sh" "$STATE" >/dev/null
      exit 1
    fi
    missing=$(comm -23 <(want_of "$name" | sort) <(echo "$up" | sort))
    [ -n "$missing" ] && still+=("$name")
  done
  pending=("${still[@]+"${still[@]}"}")
  [ ${#pending[@]} -eq 0 ] && break
  if [ $SECONDS -ge $deadline ]; then
    for name in "${pending[@]}"; do
      echo "start: server '$name' not listening after ${WAIT_SECONDS}s on:" \
        $(comm -23 <(want_of "$name" | sort) <(listeners | sort) | head -5) "(log: $LOGS/$name.log)" >&2
    done
    "$HERE/stop.sh" "$STATE" >/dev/null
    exit 1
  fi
  sleep 0.1
done

echo "start: interop lab up under $STATE (CA file: $PKI/root.pem)"
for name in nginx selfsigned clientauth legacy misordered anon; do
  printf '  %-11s pid %-7s %s\n' "$name" "$(cat "$RUN/$name.pid")" "${LISTENS[$name]}"
done
printf '  %-11s %s\n' bench "127.0.1.1-254:$BENCH_PORT-$BENCH_PORT_LAST (nginx)"
