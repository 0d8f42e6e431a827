#!/usr/bin/env bash
# Memory of the tlsweep CLI (loopback only, 127.0.0.0/8), sampled from /proc/PID/status:
#
#  a. a huge plan: `tlsweep scan 127.0.0.0/8 -p <10 closed ports>` (167,772,160 probes) run for
#     PLAN_SECONDS (default 20) and then interrupted with SIGINT (exit 130, summary written).
#     Goal (issue 5): peak RSS (VmHWM) < 256 MiB: memory must not grow with the size of the range.
#  b. 10,000 connections in flight: scripts/bench-tarpit.py accepts on 127.2.0.1:20000-29999 and
#     never speaks; `tlsweep scan 127.2.0.1 -p 20000-29999 -c 10000 --per-host 10000` with a 40 s
#     handshake timeout holds every connection open until its handshake times out. The script counts
#     the ESTABLISHED client sockets to 127.2.0.1 (/proc/net/tcp) next to each RSS sample, to show
#     the RSS is taken with ~10,000 really in flight. Goal: peak RSS < 512 MiB. Every record must
#     then read timeout/handshake.
#
# JVM options: the ./tlsweep launcher's defaults, or TLSWEEP_JAVA_OPTS when set (it replaces them;
# TLSWEEP_JAVA_OPTS="" runs on bare JVM ergonomics). Set MEM_VARIANTS to compare several in one run:
#
#   scripts/bench-memory.sh
#   MEM_VARIANTS='launcher|ergonomics' scripts/bench-memory.sh   # launcher defaults vs none, side by side
#   PLAN_SECONDS=60 scripts/bench-memory.sh
#
# Figures: docs/performance.md.
set -euo pipefail
BENCH_NAME=bench-memory
. "$(dirname "$0")/bench-lib.sh"
cd "$BENCH_ROOT"

plan_seconds="${PLAN_SECONDS:-20}"
closed_ports="${PLAN_PORTS:-1,3,5,7,9,11,13,15,17,19}"
tarpit_addr=127.2.0.1 tarpit_first=20000 tarpit_count=10000
variants="${MEM_VARIANTS:-launcher}"

[[ "$plan_seconds" =~ ^[0-9]+$ ]] && [ "$plan_seconds" -ge 1 ] || die "bad PLAN_SECONDS '$plan_seconds'"
command -v python3 >/dev/null || need_packages python3
scripts/build.sh >&2

scratch="$(mktemp -d)"
tarpit_pid=""
scan_pid=""
cleanup() {
  for p in "$scan_pid" "$tarpit_pid"; do
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; fi
  done
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for p in ${closed_ports//,/ }; do
  listening_on_loopback_port "$p" && die "something listens on port $p in 127.0.0.0/8 (PLAN_PORTS=...)"
done

# java_opts_for VARIANT: prints "set VALUE" for TLSWEEP_JAVA_OPTS, or "unset" for the launcher's defaults.
java_opts_for() {
  case "$1" in
    launcher) if [ -n "${TLSWEEP_JAVA_OPTS+x}" ]; then echo "set ${TLSWEEP_JAVA_OPTS}"; else echo unset; fi ;;
    ergonomics) echo "set " ;;
    *) echo "set $1" ;;
  esac
}

# start_scan VARIANT OUT ARGS...: starts ./tlsweep in the background with that variant's JVM options
# (./tlsweep execs java, so $! is the JVM). SIGINT must reach it: a background job of a
# non-interactive shell starts with SIGINT ignored, a shell cannot undo a disposition it inherited
# ignored, and the JVM keeps an ignored SIGINT ignored. So a one-line python3 exec wrapper puts
# SIGINT back to its default before exec'ing the launcher.
start_scan() {
  local variant=$1 out=$2; shift 2
  local how; how=$(java_opts_for "$variant")
  local reset=(python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])')
  if [ "$how" = unset ]; then
    (unset TLSWEEP_JAVA_OPTS; exec "${reset[@]}" ./tlsweep "$@") >"$out" 2>"$out.err" &
  else
    (export TLSWEEP_JAVA_OPTS="${how#set }"; exec "${reset[@]}" ./tlsweep "$@") >"$out" 2>"$out.err" &
  fi
  scan_pid=$!
}

hwm_mib() { awk '{ if ($3 > m) m = $3 } END { printf "%.0f", m / 1024 }' "$1"; }

machine_line
echo "load average before: $(loadavg)"
echo "launcher JVM options: $(sed -n 's/^default_java_opts=//p' tlsweep)"
echo

IFS='|' read -r -a variant_list <<<"$variants"

# --- a. /8 x 10 ports plan -----------------------------------------------------------------------
echo "== a. plan 127.0.0.0/8 x ports $closed_ports (167,772,160 probes), SIGINT after ${plan_seconds}s; goal VmHWM < 256 MiB"
printf '%-28s %6s %10s %10s %10s %6s  %s\n' variant load1 probes probes/s VmHWM_MiB exit summary
for variant in "${variant_list[@]}"; do
  load1=$(cut -d' ' -f1 /proc/loadavg)
  samples="$scratch/plan-samples"; : >"$samples"
  start_scan "$variant" "$scratch/plan.out" scan 127.0.0.0/8 -p "$closed_ports" -o /dev/null
  rss_sampler "$scan_pid" "$samples" 0.5 &
  sampler=$!
  sleep "$plan_seconds"
  kill -INT "$scan_pid"
  # in-flight probes finish within their timeout (15 s by default); a scan still running after 30 s
  # did not take the SIGINT: stop it with SIGTERM and say so
  ( sleep 30; kill -0 "$scan_pid" 2>/dev/null && echo "warning: SIGINT ignored, sending SIGTERM" >&2 \
      && kill -TERM "$scan_pid" ) 2>/dev/null &
  watchdog=$!
  rc=0; wait "$scan_pid" || rc=$?
  kill "$watchdog" 2>/dev/null || true; wait "$watchdog" 2>/dev/null || true
  scan_pid=""
  wait "$sampler" 2>/dev/null || true
  probes=$(awk '$1 == "probes:" { gsub(",", "", $2); print $2 }' "$scratch/plan.out.err")
  summary=$(awk '$1 == "probes:"' "$scratch/plan.out.err")
  [ "$rc" = 130 ] || { tail -5 "$scratch/plan.out.err" >&2; echo "warning: exit $rc, expected 130" >&2; }
  printf '%-28s %6s %10s %10s %10s %6s  %s\n' "${variant:0:28}" "$load1" "${probes:-?}" \
    "$(div "${probes:-0}" "$plan_seconds")" "$(hwm_mib "$samples")" "$rc" "$summary"
  echo "   RSS every 2 s (MiB): $(awk 'NR % 4 == 1 { printf "%.0f ", $2 / 1024 }' "$samples")"
done
echo

# --- b. 10,000 connections in flight against a silent tarpit --------------------------------------
echo "== b. 10,000 in flight: tarpit $tarpit_addr:$tarpit_first-$((tarpit_first + tarpit_count - 1)) (accepts, never speaks); goal VmHWM < 512 MiB"
printf '%-28s %6s %10s %14s %14s %10s %8s %s\n' variant load1 max_estab s_at_9900+ RSS@9900+_MiB VmHWM_MiB records statuses
for variant in "${variant_list[@]}"; do
  python3 scripts/bench-tarpit.py "$tarpit_addr" "$tarpit_first" "$tarpit_count" >"$scratch/tarpit.out" 2>&1 &
  tarpit_pid=$!
  for _ in $(seq 1 100); do grep -q ready "$scratch/tarpit.out" 2>/dev/null && break; sleep 0.2; done
  grep -q ready "$scratch/tarpit.out" || { cat "$scratch/tarpit.out" >&2; die "tarpit did not start"; }
  load1=$(cut -d' ' -f1 /proc/loadavg)
  samples="$scratch/flight-samples"; : >"$samples"
  start_scan "$variant" "$scratch/flight.ndjson" scan "$tarpit_addr" -p "$tarpit_first-$((tarpit_first + tarpit_count - 1))" \
    -c 10000 --per-host 10000 --connect-timeout 10s --handshake-timeout 40s --timeout 60s -q -o "$scratch/flight.ndjson"
  rss_sampler "$scan_pid" "$samples" 1 "established_to $tarpit_addr" &
  sampler=$!
  rc=0; wait "$scan_pid" || rc=$?
  scan_pid=""
  wait "$sampler" 2>/dev/null || true
  kill -TERM "$tarpit_pid" 2>/dev/null || true; wait "$tarpit_pid" 2>/dev/null || true; tarpit_pid=""
  [ "$rc" = 0 ] || { tail -5 "$scratch/flight.ndjson.err" >&2; die "scan exited $rc"; }
  records=$(wc -l <"$scratch/flight.ndjson")
  statuses=$(jq -r '.status + "/" + .phase' "$scratch/flight.ndjson" 2>/dev/null | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')
  # the most connections established in one sample; how long (samples, ~1 s each) at least 9,900 were,
  # and the highest RSS among those samples
  read -r max_estab full_secs rss_full < <(awk '{ if ($4 > m) m = $4; if ($4 >= 9900) { n++; if ($2 > r) r = $2 } }
    END { printf "%d %d %.0f\n", m, n, r / 1024 }' "$samples")
  printf '%-28s %6s %10s %14s %14s %10s %8s %s\n' "${variant:0:28}" "$load1" "$max_estab" "$full_secs" "$rss_full" \
    "$(hwm_mib "$samples")" "$records" "$statuses"
  echo "   (s, RSS MiB, established) every 5 s: $(awk 'NR % 5 == 1 { printf "(%d, %.0f, %d) ", $1 / 1000, $2 / 1024, $4 }' "$samples")"
done
echo "load average after: $(loadavg)"
