#!/usr/bin/env bash
# Side-by-side CPU per TLS handshake of two builds of tlsweep, on loopback only (127.0.0.0/8): did a
# change cost anything on the default path? This machine is shared and noisy, so the two builds run
# ALTERNATELY against the same server in the same minutes (A B A B ...), and the figure is each run's
# own steady-state line from its summary (`cpu: N us per probe`, process CPU after the first 20% of
# the probes: no JVM start-up, no warm-up). The ratio of the medians is the result.
#
# The server: one nginx (1 worker, TLS 1.3, ECDSA P-256 leaf + intermediate, no resumption) on the
# 4,096 addresses of 127.1.0.0/20 x AB_PORTS ports (default 2: 8,192 handshakes per run), `-c 128`,
# as bench-sweep.sh's steady row. Each revision is built in its own temporary git worktree (offline
# Maven; the revisions' own launchers and JVM options), so the working tree is not touched.
#
#   scripts/bench-ab.sh REV_A [REV_B]     # REV_B defaults to the working tree as it is (uncommitted too)
#   ROUNDS=5 AB_PORTS=4 scripts/bench-ab.sh 8fec067^ HEAD
#   EXTRA_B="--enum fast" scripts/bench-ab.sh HEAD   # the same build, B with extra options
#
# Prints one line per run and a table: median, min, max us per handshake per build, and B/A.
set -euo pipefail
BENCH_NAME=bench-ab
. "$(dirname "$0")/bench-lib.sh"
cd "$BENCH_ROOT"

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: $0 REV_A [REV_B]"
rev_a=$1 rev_b=${2:-}
rounds="${ROUNDS:-3}"
ports_n="${AB_PORTS:-2}"
port="${BENCH_PORT:-9555}"
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 1 ] || die "bad ROUNDS '$rounds'"
[[ "$ports_n" =~ ^[1-8]$ ]] || die "bad AB_PORTS '$ports_n' (1..8)"
last_port=$((port + ports_n - 1))
for p in $(seq "$port" "$last_port"); do
  listening_on_loopback_port "$p" && die "something already listens on port $p in 127.0.0.0/8 (BENCH_PORT=...)"
done
net=127.1.0.0/20 name=bench.interop.test handshakes=$((4096 * ports_n))
read -r -a extra_a <<<"${EXTRA_A:-}"
read -r -a extra_b <<<"${EXTRA_B:-}"

need_packages nginx openssl
bench_scratch_with_nginx
worktrees=()
remove_worktrees() {
  local w
  for w in "${worktrees[@]}"; do git worktree remove --force "$w" >/dev/null 2>&1 || true; done
  bench_stop_nginx_and_scratch
}
trap remove_worktrees EXIT

# build REV DIR: a worktree of REV at DIR with its launcher's jar built; "" = this working tree.
build() {
  local rev=$1 dir=$2
  if [ -z "$rev" ]; then
    scripts/build.sh >&2
    echo "$BENCH_ROOT"
    return
  fi
  git worktree add --detach "$dir" "$rev" >/dev/null 2>&1 || die "cannot check out '$rev'"
  worktrees+=("$dir")
  (cd "$dir" && scripts/build.sh >&2) || die "build of $rev failed"
  echo "$dir"
}
dir_a=$(build "$rev_a" "$scratch/a")
dir_b=$(build "$rev_b" "$scratch/b")
label_a="$rev_a ($(git rev-parse --short "$rev_a"))"
label_b=${rev_b:+"$rev_b ($(git rev-parse --short "$rev_b"))"}
label_b=${label_b:-"working tree"}

bench_nginx scripts/bench-ab.sh "$net" "$port" "$last_port" TLSv1.3 "$name"
machine_line
echo "load average before: $(loadavg)"
echo "A = $label_a ${extra_a[*]}"
echo "B = $label_b ${extra_b[*]}"
echo "each run: ./tlsweep scan $net -p $port-$last_port -c 128 --sni $name --ca-file PKI/root.pem -o /dev/null ($handshakes handshakes)"

# run DIR EXTRA...: one sweep; prints its steady-state us per probe (checks every handshake succeeded).
run() {
  local dir=$1; shift
  "$dir/tlsweep" scan "$net" -p "$port-$last_port" -c 128 --sni "$name" --ca-file "$scratch/pki/root.pem" \
    "$@" -o /dev/null 2>"$scratch/run.err" || { tail -5 "$scratch/run.err" >&2; die "a run failed"; }
  local ok
  ok=$(awk '$1 == "success" { gsub(",", "", $2); print $2 }' "$scratch/run.err")
  [ "${ok:-0}" = "$handshakes" ] || { cat "$scratch/run.err" >&2; die "expected $handshakes successes, got ${ok:-?}"; }
  awk '$1 == "cpu:" { gsub(",", "", $2); print $2; exit }' "$scratch/run.err"
}

a_values=() b_values=()
for r in $(seq 1 "$rounds"); do
  a=$(run "$dir_a" "${extra_a[@]}"); b=$(run "$dir_b" "${extra_b[@]}")
  a_values+=("$a"); b_values+=("$b")
  echo "round $r: A $a us, B $b us per handshake (load $(cut -d' ' -f1 /proc/loadavg))"
done
stats() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%d %d %d", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
read -r a_med a_min a_max <<<"$(stats "${a_values[@]}")"
read -r b_med b_min b_max <<<"$(stats "${b_values[@]}")"
echo
printf '%-4s %10s %8s %8s  %s\n' build median_us min_us max_us what
printf '%-4s %10s %8s %8s  %s\n' A "$a_med" "$a_min" "$a_max" "$label_a ${extra_a[*]}"
printf '%-4s %10s %8s %8s  %s\n' B "$b_med" "$b_min" "$b_max" "$label_b ${extra_b[*]}"
echo "B/A (medians): $(div "$b_med" "$a_med" 3)"
echo "load average after: $(loadavg)"
