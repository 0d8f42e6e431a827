#!/usr/bin/env bash
# Whole-program sweep benchmarks of the tlsweep CLI, on loopback only (127.0.0.0/8):
#
#  1. closed-port sweep: `tlsweep scan 127.0.0.0/16 -p PORT -q -o /dev/null` (65,536 probes, every
#     one "refused"), at the default concurrency and with -c 1024 / -c 4096, each under
#     /usr/bin/time -v: probes/s (65,536 / wall seconds, JVM start-up included), CPU and peak RSS.
#     Then one untimed check run with the summary on, proving every probe was answered "refused"
#     (a sweep whose probes fail locally would be fast and meaningless).
#  2. handshake sweep, only when the interop lab's nginx bench vhost (127.0.1.1-254:9443-9450, started
#     by scripts/interop/start.sh) is already listening; this script never starts it: 2,032 full
#     handshakes per run, BoringSSL and JDK side by side, handshakes/s from the scan's own clock
#     (summary line) and from the wall clock.
#
#   scripts/bench-sweep.sh                 # port 1, interop state in .interop/
#   SWEEP_PORT=9 scripts/bench-sweep.sh    # another port nobody listens on
#   INTEROP_STATE=/path/.interop scripts/bench-sweep.sh   # where the lab's pki/root.pem is
#   HANDSHAKE_RUNS=5 scripts/bench-sweep.sh               # repetitions per provider (default 3)
#
# Figures and how to read them: docs/performance.md.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

port="${SWEEP_PORT:-1}"
interop_state="${INTEROP_STATE:-$here/.interop}"
handshake_runs="${HANDSHAKE_RUNS:-3}"
bench_first=127.0.1.1 bench_last=127.0.1.254 bench_port=9443 bench_port_last=9450 bench_name=bench.interop.test
closed_probes=65536

die() { echo "bench-sweep: $*" >&2; exit 1; }

[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "bad SWEEP_PORT '$port'"

# --- tools -----------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  echo "bench-sweep: installing GNU time (/usr/bin/time)" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends time >&2 \
    || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
         --no-install-recommends time >&2; }
fi
scripts/build.sh >&2

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Is anything listening on TCP port $2 at IPv4 address $1 (or on the wildcard)? Reads /proc so it
# needs neither ss nor netstat. /proc/net/tcp holds addresses as little-endian hex.
listening() {
  local want_addr want_port
  want_addr=$(printf '%02X%02X%02X%02X' $(echo "$1" | awk -F. '{print $4, $3, $2, $1}'))
  want_port=$(printf '%04X' "$2")
  awk -v a="$want_addr" -v p="$want_port" \
    '$4 == "0A" { split($2, l, ":"); if (l[2] == p && (l[1] == a || l[1] == "00000000")) found = 1 }
     END { exit found ? 0 : 1 }' /proc/net/tcp
}

# Any listener on port $1 that a connection to 127.0.0.0/8 could reach: an IPv4 one in 127/8 or on
# the wildcard, or an IPv6 wildcard (dual-stack sockets accept IPv4 too)?
listening_on_loopback_port() {
  local want_port
  want_port=$(printf '%04X' "$1")
  awk -v p="$want_port" \
    '$4 == "0A" { split($2, l, ":"); if (l[2] == p && (substr(l[1], 7, 2) == "7F" || l[1] ~ /^0+$/)) found = 1 }
     END { exit found ? 0 : 1 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# run_timed LABEL CMD...: runs CMD under /usr/bin/time -v with stderr kept in $scratch/LABEL.err;
# sets WALL (seconds, 3 decimals), CPU (user+sys seconds) and RSS_MIB.
run_timed() {
  local label="$1"; shift
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$scratch/$label.time" "$@" 2>"$scratch/$label.err" \
    || { cat "$scratch/$label.err" >&2; die "$label: command failed: $*"; }
  t1=$(date +%s%N)
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$scratch/$label.time")
  RSS_MIB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$scratch/$label.time")
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

echo "machine: $(nproc) vCPU, $(uname -sr), $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# --- 1. closed-port sweep ----------------------------------------------------------------------
if listening_on_loopback_port "$port"; then
  die "something listens on port $port in 127.0.0.0/8: a closed-port sweep needs an unused port (SWEEP_PORT=...)"
fi
echo "== closed-port sweep: 127.0.0.0/16 x port $port = $closed_probes probes (wall clock includes JVM start-up)"
printf '%-14s %9s %10s %8s %9s  %s\n' variant wall_s probes/s cpu_s rss_MiB command
for variant in "default" "-c 1024" "-c 4096"; do
  extra=(); [ "$variant" != default ] && read -r -a extra <<<"$variant"
  cmd=(./tlsweep scan 127.0.0.0/16 -p "$port" "${extra[@]}" -q -o /dev/null)
  run_timed "closed-${variant// /}" "${cmd[@]}"
  printf '%-14s %9s %10s %8s %9s  %s\n' "$variant" "$WALL" "$(rate $closed_probes "$WALL")" "$CPU" "$RSS_MIB" "${cmd[*]}"
done

# The check: same sweep with the summary on; every probe must be counted, every one refused.
./tlsweep scan 127.0.0.0/16 -p "$port" -o /dev/null 2>"$scratch/check.err" || { cat "$scratch/check.err" >&2; die "check run failed"; }
refused=$(awk '$1 == "refused" { gsub(",", "", $2); print $2 }' "$scratch/check.err")
probes=$(awk '$1 == "probes:" { gsub(",", "", $2); print $2 }' "$scratch/check.err")
if [ "${probes:-0}" != "$closed_probes" ] || [ "${refused:-0}" != "$closed_probes" ]; then
  cat "$scratch/check.err" >&2
  die "check run: expected $closed_probes probes all refused, got probes=${probes:-?} refused=${refused:-?}"
fi
echo "check: $probes probes, $refused refused; scan clock: $(awk '$1 == "probes:"' "$scratch/check.err")"
echo

# --- 2. handshake sweep against the interop nginx bench vhost --------------------------------
if ! listening "$bench_first" "$bench_port" || ! listening "$bench_last" "$bench_port_last"; then
  echo "== handshake sweep: skipped, nothing listens on $bench_first/$bench_last:$bench_port"
  echo "   (start the interop lab with scripts/interop/start.sh; this script never starts it)"
  exit 0
fi
bench_probes=$((254 * (bench_port_last - bench_port + 1)))
tls_args=()
if [ -f "$interop_state/pki/root.pem" ]; then
  # trusted and name-matched: the full analysis path a healthy server takes
  tls_args=(--ca-file "$interop_state/pki/root.pem" --sni "$bench_name")
else
  echo "note: $interop_state/pki/root.pem not found: chains will read untrusted/name_mismatch (set INTEROP_STATE)"
fi
echo "== handshake sweep: $bench_first-$bench_last:$bench_port-$bench_port_last (nginx, 1 worker) = $bench_probes full handshakes per run"
echo "   scan/s = the scan's own clock (summary), wall/s includes JVM start-up; each run is a fresh (cold) JVM"
printf '%-10s %4s %8s %8s %8s %7s %9s  %s\n' provider run scan/s wall_s wall/s cpu_s rss_MiB command
for provider in boringssl jdk; do
  for run in $(seq 1 "$handshake_runs"); do
    out="$scratch/hs-$provider-$run.ndjson"
    cmd=(./tlsweep scan "$bench_first-${bench_last##*.}" -p "$bench_port-$bench_port_last" --provider "$provider" "${tls_args[@]}" -o "$out")
    run_timed "hs-$provider-$run" "${cmd[@]}"
    ok=$(grep -c '"status":"success"' "$out" || true)
    [ "$ok" = "$bench_probes" ] || { cat "$scratch/hs-$provider-$run.err" >&2; die "$provider run $run: $ok/$bench_probes handshakes succeeded"; }
    scan_rate=$(awk '$1 == "probes:" { r = $NF; gsub(/[(),]|\/s/, "", r); print r }' "$scratch/hs-$provider-$run.err")
    printf '%-10s %4s %8s %8s %8s %7s %9s  %s\n' "$provider" "$run" "$scan_rate" "$WALL" \
      "$(rate $bench_probes "$WALL")" "$CPU" "$RSS_MIB" "${cmd[*]}"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
