# Shared by the sweep benchmarks (bench-sweep.sh, bench-memory.sh, bench-rate.sh); sourced, not run.
# Everything here is loopback only: the helpers refuse any address outside 127.0.0.0/8.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# nginx_conf_head: the shared head of the generated nginx.conf (bench-sweep.sh).
. "$BENCH_ROOT/scripts/nginx-lib.sh"

die() { echo "${BENCH_NAME:-bench}: $*" >&2; exit 1; }

# bench_scratch_with_nginx: sets $scratch to a fresh temporary directory and $nginx_pid to "", and
# arranges that at exit (and on SIGINT/SIGTERM) the nginx whose PID the caller then puts in
# $nginx_pid is stopped and $scratch removed.
bench_scratch_with_nginx() {
  scratch="$(mktemp -d)"
  nginx_pid=""
  trap bench_stop_nginx_and_scratch EXIT
  trap 'exit 130' INT TERM
}
# bench_nginx GENERATOR NET PORT_FIRST PORT_LAST PROTOCOLS NAME: writes $scratch/pki (scripts/pki.sh)
# and an nginx config that listens on every address of NET (explicit `listen ADDR:PORT ssl` lines:
# a wildcard socket would be reachable off the box) on each port PORT_FIRST..PORT_LAST, with
# `ssl_protocols PROTOCOLS`, no session cache or tickets (every connection a full handshake), the
# ECDSA P-256 leaf `bench` + intermediate, server_name NAME; starts it (one worker, see
# nginx_conf_head), sets $nginx_pid and $ngx, and waits until every address listens on PORT_LAST.
bench_nginx() {
  local generator=$1 net=$2 first=$3 last=$4 protocols=$5 name=$6 size
  size=$(python3 -c "import ipaddress; print(ipaddress.ip_network('$net').num_addresses)")
  scripts/pki.sh "$scratch/pki" >/dev/null
  ngx="$scratch/nginx"
  mkdir -p "$ngx/tmp"
  {
    # worker_connections: the listening sockets take connection slots too.
    nginx_conf_head "$generator" "$ngx" "$ngx" $((size * (last - first + 1) + 8192)) off \
      "worker_rlimit_nofile $((size * (last - first + 1) + 16384));"
    cat <<CONF
    ssl_protocols $protocols;
    ssl_session_tickets off;    # every connection a full handshake, whatever the client caches
    ssl_session_cache off;
    server {
CONF
    python3 -c "
import ipaddress
for p in range($first, $last + 1):
    for a in ipaddress.ip_network('$net'):
        print('        listen %s:%d ssl;' % (a, p))"
    cat <<CONF
        server_name $name;
        ssl_certificate     $scratch/pki/bench.fullchain.pem;
        ssl_certificate_key $scratch/pki/bench.key;
        return 200 "bench\n";
    }
}
CONF
  } >"$ngx/nginx.conf"
  nginx -e "$ngx/nginx-error.log" -p "$ngx" -c "$ngx/nginx.conf" &
  nginx_pid=$!
  local _
  for _ in $(seq 1 600); do
    [ "$(listeners_on_port "$last")" -ge "$size" ] && break
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$ngx/nginx-error.log" >&2; die "nginx exited"; }
    sleep 0.2
  done
  [ "$(listeners_on_port "$last")" -ge "$size" ] || { cat "$ngx/nginx-error.log" >&2; die "nginx did not bind $size addresses"; }
}

bench_stop_nginx_and_scratch() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -TERM "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}

# need_packages PKG...: installs the Debian packages that are missing (through the interop labs'
# apt-install.sh, which keeps their daemons from starting system-wide).
need_packages() {
  "$BENCH_ROOT/scripts/interop/apt-install.sh" "${BENCH_NAME:-bench}" "$@" >&2 \
    || die "could not install $*"
}

# Is anything listening on TCP port $1 that a connection to 127.0.0.0/8 could reach: an IPv4
# listener in 127/8 or on the wildcard, or an IPv6 wildcard (dual-stack sockets accept IPv4 too)?
# Reads /proc (addresses as little-endian hex) so it needs neither ss nor netstat.
listening_on_loopback_port() {
  local want_port
  want_port=$(printf '%04X' "$1")
  awk -v p="$want_port" \
    '$4 == "0A" { split($2, l, ":"); if (l[2] == p && (substr(l[1], 7, 2) == "7F" || l[1] ~ /^0+$/)) found = 1 }
     END { exit found ? 0 : 1 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# How many listeners on TCP port $1 (IPv4).
listeners_on_port() {
  local want_port
  want_port=$(printf '%04X' "$1")
  awk -v p="$want_port" '$4 == "0A" { split($2, l, ":"); if (l[2] == p) n++ } END { print n + 0 }' /proc/net/tcp
}

# ESTABLISHED sockets whose REMOTE address is the IPv4 address $1: the client side of connections to
# it (the server side has it as its local address). Looks in /proc/net/tcp6 too, as the
# IPv4-mapped ::ffff:a.b.c.d: Netty's epoll transport opens AF_INET6 sockets even for IPv4 peers.
established_to() {
  local want
  want=$(printf '%02X%02X%02X%02X' $(echo "$1" | awk -F. '{print $4, $3, $2, $1}'))
  awk -v a="$want" -v a6="0000000000000000FFFF0000$want" \
    '$4 == "01" { split($3, r, ":"); if (r[1] == a || r[1] == a6) n++ } END { print n + 0 }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# run_timed LABEL DIR CMD...: runs CMD under /usr/bin/time -v, stdout to DIR/LABEL.out, stderr to
# DIR/LABEL.err; sets WALL (seconds, 3 decimals, around the process), CPU (user+sys seconds), USER_S
# and SYS_S (the two apart) and RSS_MIB (peak RSS). Fails the script when CMD fails.
run_timed() {
  local label="$1" dir="$2"; shift 2
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$dir/$label.time" "$@" >"$dir/$label.out" 2>"$dir/$label.err" \
    || { tail -20 "$dir/$label.err" >&2; die "$label: command failed: $*"; }
  t1=$(date +%s%N)
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$dir/$label.time")
  USER_S=$(awk -F': ' '/User time/ { printf "%.2f", $2 }' "$dir/$label.time")
  SYS_S=$(awk -F': ' '/System time/ { printf "%.2f", $2 }' "$dir/$label.time")
  RSS_MIB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$dir/$label.time")
}

# div A B [DECIMALS]: A / B.
div() { awk -v a="$1" -v b="$2" -v d="${3:-0}" 'BEGIN { printf "%.*f", d, (b == 0 ? 0 : a / b) }'; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

machine_line() {
  echo "machine: $(nproc) vCPU, $(uname -sr), $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

# rss_sampler PID OUTFILE INTERVAL [EXTRA_CMD]: appends "seconds VmRSS_KiB VmHWM_KiB [extra]" every
# INTERVAL seconds while PID lives; run it in the background.
rss_sampler() {
  local pid=$1 out=$2 every=$3 extra=${4:-}
  local t0 now rss hwm more
  t0=$(date +%s%N)
  while [ -r "/proc/$pid/status" ]; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || break
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || break
    [ -n "$rss" ] || break
    more=""; [ -n "$extra" ] && more=$($extra)
    now=$(date +%s%N)
    echo "$(( (now - t0) / 1000000 )) $rss $hwm $more" >>"$out"
    sleep "$every"
  done
}

# async_profiler_agent DIR: prints the path of async-profiler's Linux x64 agent, unpacked into DIR
# from the Maven Central jar (tools.profiler:async-profiler, fetched into ~/.m2 when missing).
async_profiler_agent() {
  local dir=$1 version=4.1 jar
  jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
  if [ ! -f "$jar" ]; then
    mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version" >&2 \
      || die "could not fetch async-profiler $version from Maven Central"
  fi
  unzip -o -q -j "$jar" linux-x64/libasyncProfiler.so -d "$dir" || die "no linux-x64 agent in $jar"
  echo "$dir/libasyncProfiler.so"
}
