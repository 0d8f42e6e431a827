#!/usr/bin/env bash
# Enumeration over a /24, on loopback only: what issue 7's closing note asks for ("--enum fast over a
# /24 of TLS endpoints runs within the governor's limits: the handshakes per endpoint and the wall
# time"). One nginx this script starts (and stops) listens on the 256 addresses of 127.3.0.0/24 on
# ONE port (TLS 1.2 + 1.3, nginx's default suites, ECDSA P-256 leaf + intermediate from
# scripts/pki.sh, no session resumption). Rows, one after the other, each under /usr/bin/time -v:
#   plain      ./tlsweep scan 127.3.0.0/24 -p PORT -q -o F                (no enumeration: the baseline)
#   fast       ... --enum fast                          (the default per-host budget with --enum: 20/s)
#   fast-rate  ... --enum fast --rate RATE              (the global --rate must hold: connections/wall <= RATE)
#   full       ... --enum full
#   sslscan    sslscan on ONE of the addresses (the peer the issue compares with; it does one host at a time)
# Per row: wall seconds (JVM start included), CPU seconds, peak RSS, records, endpoints enumerated,
# hellos (the records' enum.hellos summed) and hellos per endpoint, incomplete enumerations, and
# connections per second over the whole run (records + hellos, divided by wall). The governor check:
# with --rate R the measured connections/s must not exceed R (+1% for the token bucket's 5 ms burst),
# and with the per-host budget B no endpoint can finish in less than (its connections - 1) / B
# seconds, so the slowest endpoint bounds the wall time from below: the table prints that bound.
#
#   scripts/bench-enum.sh                   # port 9560, --rate 400 for the rate row
#   ENUM_PORT=9561 ENUM_RATE=200 scripts/bench-enum.sh
#
# Needs root to install nginx, sslscan and GNU time when missing (Debian packages).
set -euo pipefail
BENCH_NAME=bench-enum
. "$(dirname "$0")/bench-lib.sh"
cd "$BENCH_ROOT"

port="${ENUM_PORT:-9560}"
rate="${ENUM_RATE:-400}"
net=127.3.0.0/24
name=bench.interop.test
per_host_default=20
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "bad ENUM_PORT '$port'"
[[ "$rate" =~ ^[0-9]+$ ]] && [ "$rate" -ge 1 ] || die "bad ENUM_RATE '$rate'"
listening_on_loopback_port "$port" && die "something already listens on port $port in 127.0.0.0/8 (ENUM_PORT=...)"

need_packages time nginx sslscan openssl jq
scripts/build.sh >&2

bench_scratch_with_nginx   # $scratch, and $nginx_pid (set below) stopped at exit

bench_nginx scripts/bench-enum.sh "$net" "$port" "$port" "TLSv1.2 TLSv1.3" "$name"

machine_line
echo "load average before: $(loadavg)"
echo
echo "== $net x port $port: 256 TLS endpoints (nginx 1 worker, TLS 1.2 + 1.3)"
printf '%-10s %8s %7s %7s %8s %9s %7s %9s %10s %7s %8s  %s\n' row wall_s cpu_s rss_MiB records enumerated hellos per_endp incomplete conn/s floor_s command

row() { # LABEL CMD...: one timed run and its table line
  local label=$1; shift
  run_timed "$label" "$scratch" "$@"
  local stats
  stats=$(jq -s --argjson per_host "${PER_HOST:-0}" '
    { records: length,
      enumerated: (map(select(.enum != null)) | length),
      hellos: (map(.enum.hellos // 0) | add // 0),
      incomplete: (map(select(.enum != null and (.enum.complete | not))) | length),
      slowest: (map(.enum.hellos // 0) | max // 0) }
    | . + { floor: (if $per_host > 0 then (.slowest / $per_host) else 0 end) }' "$scratch/$label.ndjson")
  local records enumerated hellos incomplete floor
  records=$(jq .records <<<"$stats"); enumerated=$(jq .enumerated <<<"$stats"); hellos=$(jq .hellos <<<"$stats")
  incomplete=$(jq .incomplete <<<"$stats"); floor=$(jq '.floor * 100 | floor / 100' <<<"$stats")
  printf '%-10s %8s %7s %7s %8s %9s %7s %9s %10s %7s %8s  %s\n' "$label" "$WALL" "$CPU" "$RSS_MIB" "$records" \
    "$enumerated" "$hellos" "$(div "$hellos" "$(( enumerated > 0 ? enumerated : 1 ))" 1)" "$incomplete" \
    "$(div $((records + hellos)) "$WALL" 0)" "$floor" "$*"
  CONN_PER_S=$(div $((records + hellos)) "$WALL" 1)
}

common=(./tlsweep scan "$net" -p "$port" --sni "$name" --ca-file "$scratch/pki/root.pem" -q)
PER_HOST=0 row plain "${common[@]}" -o "$scratch/plain.ndjson"
PER_HOST=$per_host_default row fast "${common[@]}" --enum fast -o "$scratch/fast.ndjson"
PER_HOST=$per_host_default row fast-rate "${common[@]}" --enum fast --rate "$rate" -o "$scratch/fast-rate.ndjson"
rate_measured=$CONN_PER_S
PER_HOST=$per_host_default row full "${common[@]}" --enum full -o "$scratch/full.ndjson"

t0=$(date +%s%N)
sslscan --no-colour "127.3.0.1:$port" >"$scratch/sslscan.out" 2>&1 || die "sslscan failed: $(tail -1 "$scratch/sslscan.out")"
t1=$(date +%s%N)
echo "sslscan    $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') s for ONE endpoint (sslscan --no-colour 127.3.0.1:$port)"
echo
awk -v m="$rate_measured" -v r="$rate" 'BEGIN {
  ok = (m <= r * 1.01); printf "governor: --rate %d -> %.1f connections/s measured over the whole run (JVM start included): %s\n", r, m, ok ? "within" : "OVER"
  exit ok ? 0 : 1 }' || die "the global rate was exceeded"
for label in fast full; do
  bad=$(jq -s '[.[] | select(.enum == null)] | length' "$scratch/$label.ndjson")
  [ "$bad" -eq 0 ] || die "$label: $bad records without an enum object"
done
echo "load average after: $(loadavg)"
