#!/usr/bin/env bash
# Builds the JMH jar and runs it; every argument goes to JMH, with the mode's settings for the options
# the arguments do not give. Results: benchmarks/results/*.json.
#
# Two modes (BENCH_MODE):
#   quick  (default) the short settings each class declares: 1 fork, 2 x 1 s warm-up, 3 x 1 s
#          measured; every benchmark in about 3 minutes on 2 vCPU. Enough to rank, not to quote.
#   stable settings that give repeatable numbers on a 2-core machine that may be shared:
#          -f 3            three forks: JIT and heap layout differ per JVM, and a burst of load from
#                          another process spoils one fork, not the figure (compare the forks)
#          -wi 5 -w 2s     10 s of warm-up per fork, so C2 has compiled the hot paths before the
#                          first sample (the 2 s quick warm-up may not have)
#          -i 5 -r 2s      five 2 s samples per fork, 15 in all for the error bar
#          -t 1            one benchmark thread: with two cores, a second thread (or the in-process
#                          TLS server of HandshakeBench, which needs the other core) would compete
#          -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch": a fixed, pre-touched heap, so no
#                          iteration pays for heap growth (the default GC, G1, as in the JMH forks)
#          about 1 minute per benchmark and parameter combination (HandshakeBench: 4 of them).
#
#   scripts/bench.sh                                   # everything, quick
#   BENCH_MODE=stable scripts/bench.sh HandshakeBench  # figures to quote
#   scripts/bench.sh HandshakeBench                    # one class (a regex over benchmark names)
#   scripts/bench.sh NdjsonWriterBench -prof gc        # + bytes allocated per op (gc.alloc.rate.norm)
#   scripts/bench.sh HandshakeBench -p concurrency=64  # one value of a @Param
#   scripts/bench.sh -l                                # list the benchmarks
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/setup.sh"
cd "$here"

echo "bench: building benchmarks/target/benchmarks.jar" >&2
mvn -q -B -DskipTests -pl benchmarks -am package >&2

mkdir -p benchmarks/results
# One file per run, named by time and the first benchmark pattern (the first argument that is not an
# option or an option's value), so runs side by side never overwrite each other.
# (Every JMH option used in a run takes one value.)
label=all skip=0
for arg in "$@"; do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  case "$arg" in -*) skip=1 ;; *) label="$arg"; break ;; esac
done
label="${label//[^A-Za-z0-9._-]/_}"
out="benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)-${label:0:40}.json"

# Listing, help and listing params are not runs: pass them through without a result file.
for arg in "$@"; do
  case "$arg" in
    -l|-lp|-lprof|-lrf|-h) exec java -jar benchmarks/target/benchmarks.jar "$@" ;;
  esac
done

# The mode's settings, each left out when the command line gives that option itself (JMH refuses an
# option given twice).
mode_args=()
given() { local a; for a in "${@:2}"; do [ "$a" = "$1" ] && return 0; done; return 1; }
case "${BENCH_MODE:-quick}" in
  quick) ;;
  stable)
    while read -r opt val; do
      given "$opt" "$@" || mode_args+=("$opt" "$val")
    done <<'SETTINGS'
-f 3
-wi 5
-w 2s
-i 5
-r 2s
-t 1
-jvmArgsAppend -Xms1g -Xmx1g -XX:+AlwaysPreTouch
SETTINGS
    ;;
  *) echo "bench: BENCH_MODE must be quick or stable, not '${BENCH_MODE}'" >&2; exit 2 ;;
esac

echo "bench: $(nproc) vCPU, $(uname -sr), $(java -version 2>&1 | head -1), mode ${BENCH_MODE:-quick}, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -jar benchmarks/target/benchmarks.jar "${mode_args[@]}" -rf json -rff "$out" "$@"
echo "bench: results in $out" >&2
