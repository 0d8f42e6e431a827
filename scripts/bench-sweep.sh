#!/usr/bin/env bash
# Whole-program sweep benchmarks of the tlsweep CLI, side by side with nmap and openssl s_time in ONE
# run, on loopback only (127.0.0.0/8). Two parts:
#
#  1. closed-port sweep: `tlsweep scan 127.0.0.0/16 -p SWEEP_PORT -q -o /dev/null` (65,536 probes,
#     every one "refused") at the default concurrency and at -c 4096, each under /usr/bin/time -v:
#     probes/s (65,536 / wall seconds, JVM start-up included), CPU and peak RSS; then one check run
#     with the summary on, proving every probe was answered "refused" (and giving the scan's clock).
#  2. handshake sweep against one nginx this script starts (and stops): 127.1.0.0/20 (4,096
#     addresses) on ONE port, TLS 1.3 only, ECDSA P-256 leaf + intermediate from scripts/pki.sh, no
#     session cache or tickets (every connection is a full handshake). In this order, each under
#     /usr/bin/time -v, on the same targets:
#       tlsweep  ./tlsweep scan 127.1.0.0/20 -p PORT --sni bench.interop.test --ca-file root.pem -q -o F
#       nmap     nmap -sT -Pn -n --script ssl-cert -p PORT -oX F 127.1.0.0/20
#       s_time   openssl s_time -new -connect 127.1.0.1:PORT -time STIME_SECONDS   (C, one at a time)
#       tlsweep  the same sweep again (a second sample: the machine is shared and noisy)
#       tlsweep  127.1.0.0/22 (1,024): with the /20 runs, the marginal CPU of a handshake once the
#                JVM is up: (CPU(/20) - CPU(/22)) / 3,072
#       tlsweep  the /20 again with TLSWEEP_JAVA_OPTS= (the JVM's defaults instead of the launcher's
#                options; the closed-port part has the same comparison), to show the launcher's
#                memory settings cost no throughput
#       tlsweep  steady state: the /20 on STEADY_PORTS ports (default 4: 16,384 handshakes) at -c 128,
#                reading the summary's `cpu:` lines (process CPU after the first 20% of the probes,
#                split by thread and into user/kernel): the figure the issue's 250 us goal is about
#       profile  the same steady sweep under async-profiler (event=cpu, 1 ms, kernel stacks; the
#                agent comes from Maven Central), its event-loop samples split by where the leaf
#                frame is: BoringSSL crypto, BoringSSL protocol + malloc, JNI glue, Java (Netty,
#                tlsweep, JDK), JVM runtime, kernel (scripts/profile-split.py). PROFILE=0 skips it;
#                PROFILE_OUT=FILE keeps the collapsed stacks (for a flame graph or profile-split --top).
#     Only successful handshakes count: tlsweep records that are success + TLSv1.3 + trusted; nmap
#     hosts with an ssl-cert result naming the leaf; s_time's "connections" line. The table gives
#     handshakes/s (wall clock around the process, JVM start-up included), CPU µs per handshake
#     (user+sys of the whole process / handshakes, and the two apart: the kernel part is mostly the
#     socket work any client pays), peak RSS, nginx's CPU share during the row, and the ratios
#     tlsweep/nmap and tlsweep/s_time.
#
# Why nginx listens on 4,096 explicit addresses rather than `listen PORT` (the wildcard): a wildcard
# socket would also accept connections from the network on every interface of this machine; 4,096
# `listen 127.1.x.y:PORT` lines keep the benchmark invisible off the box (nginx takes ~2 s to start).
# Why `worker_processes 1`: the figures are about the clients; one worker bounds the server to one
# of the two cores, so all three clients meet the same server and the client always has the other
# core. The nginx column says when the server, not the client, set the pace (~100% = one full core).
#
#   scripts/bench-sweep.sh                       # closed port 1, handshakes on port 9555, s_time 10 s
#   SWEEP_PORT=9 BENCH_PORT=9556 STIME_SECONDS=20 scripts/bench-sweep.sh
#   SKIP_CLOSED=1 scripts/bench-sweep.sh         # only the handshake part
#
# Needs root to install nginx, nmap and GNU time when missing (Debian packages). Figures and how to
# read them: docs/performance.md.
set -euo pipefail
BENCH_NAME=bench-sweep
. "$(dirname "$0")/bench-lib.sh"
cd "$BENCH_ROOT"

closed_port="${SWEEP_PORT:-1}"
port="${BENCH_PORT:-9555}"
stime_seconds="${STIME_SECONDS:-10}"
steady_ports="${STEADY_PORTS:-4}"
net=127.1.0.0 net_bits=20 net_size=4096 small_bits=22 small_size=1024
first_addr=127.1.0.1
name=bench.interop.test
closed_probes=65536

for v in "$closed_port" "$port"; do
  [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge 1 ] && [ "$v" -le 65535 ] || die "bad port '$v'"
done
[ "$closed_port" != "$port" ] || die "SWEEP_PORT and BENCH_PORT must differ"
[[ "$stime_seconds" =~ ^[0-9]+$ ]] && [ "$stime_seconds" -ge 1 ] || die "bad STIME_SECONDS '$stime_seconds'"
[[ "$steady_ports" =~ ^[0-9]+$ ]] && [ "$steady_ports" -ge 1 ] && [ "$steady_ports" -le 8 ] \
  || die "bad STEADY_PORTS '$steady_ports' (1..8)"
last_port=$((port + steady_ports - 1))
[ "$last_port" -le 65535 ] || die "BENCH_PORT + STEADY_PORTS goes past 65535"

need_packages time nginx nmap openssl
scripts/build.sh >&2

bench_scratch_with_nginx   # $scratch, and $nginx_pid (set below) stopped at exit

machine_line
echo "load average before: $(loadavg)"
echo

# --- 1. closed-port sweep ----------------------------------------------------------------------
if [ -z "${SKIP_CLOSED:-}" ]; then
  listening_on_loopback_port "$closed_port" \
    && die "something listens on port $closed_port in 127.0.0.0/8: a closed-port sweep needs an unused port (SWEEP_PORT=...)"
  echo "== closed-port sweep: 127.0.0.0/16 x port $closed_port = $closed_probes probes (wall clock includes JVM start-up)"
  printf '%-10s %6s %9s %10s %8s %9s  %s\n' variant load1 wall_s probes/s cpu_s rss_MiB command
  for variant in "default" "-c 4096" "ergonomics"; do
    extra=() envs=()
    case "$variant" in
      default) ;;
      ergonomics) envs=(env TLSWEEP_JAVA_OPTS=) ;;   # the JVM's own defaults, not the launcher's
      *) read -r -a extra <<<"$variant" ;;
    esac
    cmd=("${envs[@]}" ./tlsweep scan 127.0.0.0/16 -p "$closed_port" "${extra[@]}" -q -o /dev/null)
    load1=$(cut -d' ' -f1 /proc/loadavg)
    run_timed "closed-${variant// /}" "$scratch" "${cmd[@]}"
    printf '%-10s %6s %9s %10s %8s %9s  %s\n' "$variant" "$load1" "$WALL" "$(div $closed_probes "$WALL")" "$CPU" \
      "$RSS_MIB" "${cmd[*]}"
  done
  # The check: the same sweep with the summary on; every probe counted, every one refused.
  ./tlsweep scan 127.0.0.0/16 -p "$closed_port" -o /dev/null 2>"$scratch/check.err" \
    || { cat "$scratch/check.err" >&2; die "check run failed"; }
  refused=$(awk '$1 == "refused" { gsub(",", "", $2); print $2 }' "$scratch/check.err")
  probes=$(awk '$1 == "probes:" { gsub(",", "", $2); print $2 }' "$scratch/check.err")
  if [ "${probes:-0}" != "$closed_probes" ] || [ "${refused:-0}" != "$closed_probes" ]; then
    cat "$scratch/check.err" >&2
    die "check run: expected $closed_probes probes all refused, got probes=${probes:-?} refused=${refused:-?}"
  fi
  echo "check: $probes probes, $refused refused; scan clock: $(awk '$1 == "probes:"' "$scratch/check.err")"
  echo
fi

# --- 2. handshake sweep: tlsweep vs nmap vs openssl s_time --------------------------------------
for p in $(seq "$port" "$last_port"); do
  listening_on_loopback_port "$p" \
    && die "something already listens on port $p in 127.0.0.0/8 (BENCH_PORT=..., STEADY_PORTS=...)"
done

bench_nginx scripts/bench-sweep.sh "$net/$net_bits" "$port" "$last_port" TLSv1.3 "$name"
openssl s_client -connect "127.1.15.254:$port" -servername "$name" -CAfile "$scratch/pki/root.pem" \
  -verify_return_error </dev/null >"$scratch/probe.out" 2>&1 \
  && grep -q 'TLSv1.3' "$scratch/probe.out" || { cat "$scratch/probe.out" >&2; die "nginx: no verified TLS 1.3 handshake"; }

# CPU seconds used so far by nginx's workers (children of the master we started).
clk_tck=$(getconf CLK_TCK)
nginx_cpu() {
  local total=0 w t
  for w in $(pgrep -P "$nginx_pid" || true); do
    t=$(awk '{ print $14 + $15 }' "/proc/$w/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  div "$total" "$clk_tck" 2
}

echo "== handshake sweep: $net/$net_bits ($net_size addresses) x port $port, one nginx ($(nginx -v 2>&1 | sed 's/.*\///'), 1 worker), TLS 1.3, ECDSA P-256 leaf + intermediate"
echo "   wall clock around each process (JVM start-up included); cpu = user+sys of the client process,"
echo "   usr/sys = the two apart (per handshake); nginx = the server worker's CPU / wall during the row"
echo "   (100% = one core: the server set the pace)"
printf '%-14s %6s %6s %8s %8s %8s %10s %7s %7s %8s %6s\n' client load1 ok wall_s hs/s cpu_s cpu_us/hs usr_us sys_us \
  rss_MiB nginx
declare -A HS CPUUS
commands=()
row() { # LABEL OK WALL CPU RSS LOAD NGINX_CPU_DELTA (USER_S and SYS_S from run_timed)
  local label=$1 ok=$2 wall=$3 cpu=$4 rss=$5 load=$6 ngx_cpu=$7
  HS[$label]=$(div "$ok" "$wall" 1)
  CPUUS[$label]=$(awk -v c="$cpu" -v n="$ok" 'BEGIN { printf "%.0f", n ? c * 1e6 / n : 0 }')
  printf '%-14s %6s %6s %8s %8s %8s %10s %7s %7s %8s %5s%%\n' "$label" "$load" "$ok" "$wall" "${HS[$label]}" "$cpu" \
    "${CPUUS[$label]}" "$(div "$USER_S" "$ok" 6 | awk '{ printf "%.0f", $1 * 1e6 }')" \
    "$(div "$SYS_S" "$ok" 6 | awk '{ printf "%.0f", $1 * 1e6 }')" "$rss" "$(div "$(div "$ngx_cpu" "$wall" 4)" 0.01 0)"
}

tlsweep_row() { # LABEL BITS SIZE PORTS "EXTRA ARGS" [ENV...]
  local label=$1 bits=$2 size=$3 ports=$4 extra=() out="$scratch/$1.ndjson" load n0 ok
  read -r -a extra <<<"$5"
  shift 5
  # No -q: the summary (stderr, kept in $scratch/LABEL.err) carries the steady-state CPU line.
  local cmd=("$@" ./tlsweep scan "$net/$bits" -p "$ports" "${extra[@]}" --sni "$name" --ca-file "$scratch/pki/root.pem"
    -o "$out")
  load=$(cut -d' ' -f1 /proc/loadavg); n0=$(nginx_cpu)
  run_timed "$label" "$scratch" "${cmd[@]}"
  ok=$(grep '"status":"success"' "$out" | grep '"version":"TLSv1.3"' | grep -c '"trusted":true' || true)
  [ "$ok" = "$size" ] || echo "warning: $label: $ok of $size records are success + TLSv1.3 + trusted" >&2
  row "$label" "$ok" "$WALL" "$CPU" "$RSS_MIB" "$load" "$(awk -v a="$n0" -v b="$(nginx_cpu)" 'BEGIN { print b - a }')"
  TLSWEEP_CPU[$label]=$CPU TLSWEEP_OK[$label]=$ok
  STEADY[$label]=$(grep -m1 '^cpu: ' "$scratch/$label.err" || echo "cpu: (no summary line)")
  STEADY_MORE[$label]=$(grep '^cpu by thread\|^cpu split' "$scratch/$label.err" || true)
  commands+=("$label: ${cmd[*]}")
}
declare -A STEADY STEADY_MORE
declare -A TLSWEEP_CPU TLSWEEP_OK

tlsweep_row "tlsweep-1" "$net_bits" "$net_size" "$port" ""

cmd=(nmap -sT -Pn -n --script ssl-cert -p "$port" -oX "$scratch/nmap.xml" "$net/$net_bits")
load=$(cut -d' ' -f1 /proc/loadavg); n0=$(nginx_cpu)
run_timed nmap "$scratch" "${cmd[@]}"
ok=$(grep -c "<script id=\"ssl-cert\" output=\"Subject: commonName=$name" "$scratch/nmap.xml" || true)
[ "$ok" = "$net_size" ] || echo "warning: nmap: $ok of $net_size hosts have an ssl-cert result" >&2
row nmap "$ok" "$WALL" "$CPU" "$RSS_MIB" "$load" "$(awk -v a="$n0" -v b="$(nginx_cpu)" 'BEGIN { print b - a }')"
commands+=("nmap: ${cmd[*]}")

cmd=(openssl s_time -new -connect "$first_addr:$port" -time "$stime_seconds")
load=$(cut -d' ' -f1 /proc/loadavg); n0=$(nginx_cpu)
run_timed s_time "$scratch" "${cmd[@]}"
ok=$(awk '/connections in .* real seconds/ { print $1; exit }' "$scratch/s_time.out")
[ -n "$ok" ] && [ "$ok" -gt 0 ] || { cat "$scratch/s_time.out" "$scratch/s_time.err" >&2; die "s_time made no connection"; }
row s_time "$ok" "$WALL" "$CPU" "$RSS_MIB" "$load" "$(awk -v a="$n0" -v b="$(nginx_cpu)" 'BEGIN { print b - a }')"
commands+=("s_time: ${cmd[*]}")

tlsweep_row "tlsweep-2" "$net_bits" "$net_size" "$port" ""
tlsweep_row "tlsweep-22" "$small_bits" "$small_size" "$port" ""
# The launcher's JVM options against the JVM's own defaults (docs/performance.md, "Memory").
tlsweep_row "tlsweep-ergo" "$net_bits" "$net_size" "$port" "" env TLSWEEP_JAVA_OPTS=
# Steady state: 4x the handshakes at -c 128, so at the 20% mark at most 128 probes are half done
# (under 1% of the measured ones) and the JIT has long compiled the handshake path.
steady_size=$((net_size * steady_ports))
launcher_opts=$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' tlsweep)
[ -n "$launcher_opts" ] || die "could not read default_java_opts from ./tlsweep"
tlsweep_row "tlsweep-steady" "$net_bits" "$steady_size" "$port-$last_port" "-c 128"
if [ "${PROFILE:-1}" != 0 ]; then
  agent=$(async_profiler_agent "$scratch")
  collapsed="$scratch/profile.collapsed"
  tlsweep_row "tlsweep-prof" "$net_bits" "$steady_size" "$port-$last_port" "-c 128" env \
    TLSWEEP_JAVA_OPTS="$launcher_opts -agentpath:$agent=start,event=cpu,interval=1ms,threads,ann,file=$collapsed"
fi

echo
ts_hs=$(awk -v a="${HS[tlsweep-1]}" -v b="${HS[tlsweep-2]}" 'BEGIN { printf "%.1f", (a + b) / 2 }')
ts_cpu=$(awk -v a="${CPUUS[tlsweep-1]}" -v b="${CPUUS[tlsweep-2]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
marginal=$(awk -v a="${TLSWEEP_CPU[tlsweep-1]}" -v b="${TLSWEEP_CPU[tlsweep-2]}" -v s="${TLSWEEP_CPU[tlsweep-22]}" \
  -v n="$((net_size - small_size))" 'BEGIN { printf "%.0f", (((a + b) / 2) - s) / n * 1e6 }')
echo "tlsweep (mean of tlsweep-1 and -2): $ts_hs handshakes/s, $ts_cpu µs CPU per handshake (whole process, JVM start-up included)"
echo "tlsweep marginal CPU per handshake, (CPU(/20) - CPU(/22)) / $((net_size - small_size)): $marginal µs"
echo "tlsweep steady state, from each run's summary (process CPU after the first 20% of probes: JVM"
echo "start-up and early compilation excluded; the issue's goal is 250 us). Biased LOW on a sweep this"
echo "short: up to -c (1,024) probes are half done at the 20% mark and count as finished in the window;"
echo "the /22 run (1,024 probes, all in flight at once) is left out for that reason. A 65,024-handshake"
echo "sweep (docs/performance.md, 'Client CPU per handshake') is the unbiased figure."
for label in tlsweep-1 tlsweep-2 tlsweep-ergo; do
  printf '  %-13s %s\n' "$label" "${STEADY[$label]}"
done
echo "tlsweep steady state over $steady_size handshakes at -c 128 (unbiased: under 1% of the measured"
echo "probes are in flight at the 20% mark):"
printf '  %-13s %s\n' tlsweep-steady "${STEADY[tlsweep-steady]}"
while IFS= read -r l; do [ -n "$l" ] && printf '  %-13s %s\n' "" "$l"; done <<<"${STEADY_MORE[tlsweep-steady]}"
if [ "${PROFILE:-1}" != 0 ]; then
  echo "profile of the same sweep (tlsweep-prof; the profiler's own cost is in that row's CPU, not below):"
  python3 scripts/profile-split.py "$collapsed" | sed 's/^/  /'
  if [ -n "${PROFILE_OUT:-}" ]; then cp "$collapsed" "$PROFILE_OUT" && echo "  (stacks kept in $PROFILE_OUT)"; fi
fi
printf 'ratios        handshakes/s   CPU µs/handshake\n'
printf 'tlsweep/nmap   %11sx %17sx\n' "$(div "$ts_hs" "${HS[nmap]}" 2)" "$(div "$ts_cpu" "${CPUUS[nmap]}" 2)"
printf 'tlsweep/s_time %11sx %17sx\n' "$(div "$ts_hs" "${HS[s_time]}" 2)" "$(div "$ts_cpu" "${CPUUS[s_time]}" 2)"
echo
echo "commands:"
printf '  %s\n' "${commands[@]}"
echo "load average after: $(loadavg)"
